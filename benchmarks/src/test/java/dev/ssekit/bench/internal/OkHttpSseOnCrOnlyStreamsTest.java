package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/**
 * What okhttp-sse's own reader does with streams whose lines end in a bare CR (legal per WHATWG), so that
 * BENCHMARKS.md describes okhttp-sse's behaviour and not our harness's. Each case reads through okhttp-sse's
 * public {@code EventSources.processResponse} from a scripted source.
 */
class OkHttpSseOnCrOnlyStreamsTest {

  /** Hands out the stream, then answers end-of-stream; after too many reads at the end it fails the read. */
  private static final class EndThenGiveUp implements Source {
    private final Buffer bytes;
    private final List<String> events;
    int readsAtEnd;
    int eventsWhenFirstAskedForMore = -1;

    EndThenGiveUp(String stream, List<String> events) {
      this.bytes = new Buffer().writeUtf8(stream);
      this.events = events;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (bytes.size() > 0) {
        long n = Math.min(byteCount, bytes.size());
        sink.write(bytes, n);
        return n;
      }
      if (eventsWhenFirstAskedForMore < 0) {
        eventsWhenFirstAskedForMore = events.size();
      }
      if (++readsAtEnd > 10_000) {
        throw new IOException("read 10,000 times at the end of the stream");
      }
      return -1;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static final class Outcome {
    final List<String> events = new ArrayList<>();
    Throwable failure;
    boolean closed;
  }

  private static Outcome read(EndThenGiveUp source, Outcome outcome) {
    Request request = new Request.Builder().url("http://localhost/v1/sse").build();
    Response response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .body(ResponseBody.create(Okio.buffer(source), MediaType.parse("text/event-stream"), -1)).build();
    EventSources.processResponse(response, new EventSourceListener() {
      @Override
      public void onEvent(EventSource eventSource, String id, String type, String data) {
        outcome.events.add(data);
      }

      @Override
      public void onFailure(EventSource eventSource, Throwable t, Response response) {
        outcome.failure = t;
      }

      @Override
      public void onClosed(EventSource eventSource) {
        outcome.closed = true;
      }
    });
    return outcome;
  }

  @Test
  void anIdOrEventValueSwallowsTheRestOfTheStreamAndFailsWithEofException() {
    for (String stream : new String[] {"id: 1\rdata: a\r\rid: 2\rdata: b\r\r", "event: update\rdata: a\r\r"}) {
      Outcome outcome = new Outcome();
      read(new EndThenGiveUp(stream, outcome.events), outcome);
      assertThat(outcome.events).as(stream).isEmpty();
      assertThat(outcome.failure).as(stream).isInstanceOf(EOFException.class).hasMessageStartingWith("\\n not found");
    }
  }

  @Test
  void aDataOnlyStreamHoldsEachEventForTheNextByteAndLoopsAtTheEndWithoutFinishingTheLast() {
    Outcome outcome = new Outcome();
    EndThenGiveUp source = new EndThenGiveUp("data: a\r\rdata: b\r\r", outcome.events);
    read(source, outcome);
    assertThat(source.eventsWhenFirstAskedForMore).as("events dispatched before it asked for a byte past the stream")
        .isEqualTo(1);
    assertThat(source.readsAtEnd).as("reads at the end of the stream").isGreaterThan(10_000);
    assertThat(outcome.events).containsExactly("a");
    assertThat(outcome.failure).hasMessage("read 10,000 times at the end of the stream");
    assertThat(outcome.closed).isFalse();
  }

  @Test
  void ourHarnessReportsOkHttpSsesOwnFailure() {
    byte[] stream = "id: 1\rdata: a\r\r".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ParserPeers.okhttpSse(stream)).isInstanceOf(EOFException.class);
    assertThat(ParserCorrectness.check("okhttpSse", 5, 100, "CR", 1)).isEqualTo("fails: EOFException \"\\n not found\"");
  }
}
