package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SDK's default Jackson mapper. */
final class Mappers {

  private Mappers() {}

  /** A plain mapper that ignores JSON properties the target type does not have, so servers can add fields. */
  static ObjectMapper lenient() {
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
