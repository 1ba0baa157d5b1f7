package dev.ssekit.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's one JSON mapper (thread-safe once configured) and a helper for small ordered objects. Reading is
 * strict (clause 22): a duplicate key or anything after the value is refused, and numbers are kept exactly
 * ({@code BigInteger}/{@code BigDecimal}, trailing zeros included), so a payload goes out as it came in.
 *
 * <p>Jackson's buffers come from one bounded pool for the whole hub, not from its default per-thread cache:
 * every stream writes its {@code connected} and heartbeat JSON on a thread of its own that lives as long as
 * the stream, so a per-thread cache would hold about 8 KB of idle buffers per open stream.
 */
public final class Json {

  /** How many sets of buffers the pool keeps for reuse; more JSON written at once allocates and drops them. */
  private static final int POOLED_BUFFERS = 64;

  public static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFERS)).build())
      .registerModule(new JavaTimeModule())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /** An insertion-ordered map from alternating keys and values. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
