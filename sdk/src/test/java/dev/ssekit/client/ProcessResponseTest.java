package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

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
import okio.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link SseEventSources#processResponse}: okhttp-sse's {@code EventSources.processResponse} with ssekit's parser,
 * on an in-memory response (no socket: the method reads whatever body it is given, on the calling thread).
 */
class ProcessResponseTest {

  private static Response response(int code, String contentType, String body) {
    return new Response.Builder().request(new Request.Builder().url("http://localhost/v1/sse").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("X")
        .body(ResponseBody.create(new Buffer().writeString(body, StandardCharsets.UTF_8),
            contentType == null ? null : MediaType.get(contentType), -1))
        .header("Content-Type", contentType == null ? "application/octet-stream" : contentType)
        .build();
  }

  /** Records what okhttp-sse's listener hears, as lines. */
  private static final class Heard extends EventSourceListener {
    final List<String> lines = new ArrayList<>();

    @Override
    public void onOpen(EventSource source, Response response) {
      lines.add("open");
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String data) {
      lines.add("event " + id + " " + type + " " + data);
    }

    @Override
    public void onClosed(EventSource source) {
      lines.add("closed");
    }

    @Override
    public void onFailure(EventSource source, Throwable t, Response response) {
      lines.add("failure " + (t == null ? "null" : t.getClass().getSimpleName()) + " "
          + (response == null ? "-" : response.code()));
    }
  }

  @ParameterizedTest(name = "lines end in {0}")
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void eventsOfEveryLineEndingArriveInOrderThenClosed(String eol) {
    String body = ("\uFEFFid: 1" + eol + "data: héllo" + eol + eol + ": a comment" + eol + "event: order" + eol
        + "data: {\"n\":2}" + eol + eol + "data: last, without an id" + eol + eol);
    Heard heard = new Heard();
    SseEventSources.processResponse(response(200, "text/event-stream; charset=utf-8", body), heard);
    assertThat(heard.lines).containsExactly("open", "event 1 null héllo", "event 1 order {\"n\":2}",
        "event 1 null last, without an id", "closed");
  }

  @Test
  void aStatusOtherThan2xxIsAFailureWithTheResponse() {
    Heard heard = new Heard();
    SseEventSources.processResponse(response(503, "text/event-stream", "data: no\n\n"), heard);
    assertThat(heard.lines).containsExactly("failure null 503");
  }

  @Test
  void aContentTypeOtherThanTheEventStreamIsAFailure() {
    Heard heard = new Heard();
    SseEventSources.processResponse(response(200, "application/json", "data: no\n\n"), heard);
    assertThat(heard.lines).containsExactly("failure IllegalStateException 200");
  }
}
