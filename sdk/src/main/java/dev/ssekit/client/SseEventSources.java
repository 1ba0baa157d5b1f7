package dev.ssekit.client;

import dev.ssekit.client.internal.SseClients;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * A drop-in for okhttp-sse's {@code EventSources.createFactory}: the sources it makes speak the same
 * {@link EventSourceListener} callbacks but reconnect, resume with {@code Last-Event-ID}, drop replayed
 * duplicates and acknowledge by themselves. {@code onClosed} and {@code onFailure} come only when the stream
 * ends for good: {@code onClosed} when the server answers 204, {@code onFailure} on a fatal error, and
 * {@code onFailure(IOException("canceled"))} after {@code cancel()}, as okhttp-sse does.
 *
 * <pre>{@code
 * // before: EventSource.Factory factory = EventSources.createFactory(client);
 * EventSource.Factory factory = SseEventSources.createFactory(client);
 * }</pre>
 *
 * <p>Callbacks run on the config's callback executor (by default the source's own reader thread, as
 * okhttp-sse's do), not on OkHttp's dispatcher. A hub {@code gap} arrives as an event of type {@code gap}; heartbeats are skipped
 * unless {@link SseConfig#heartbeatsAsEvents()}. The request's method, body and headers are sent unchanged on
 * every connect (so its body must not be one-shot); a {@code Last-Event-ID} header on it is where the first
 * connect resumes. The type
 * passed to {@code onEvent} is {@code null} for the default {@code message} type.
 */
public final class SseEventSources {

  private SseEventSources() {}

  /**
   * Reads an event-stream response that is already open, on the calling thread, as okhttp-sse's {@code
   * EventSources.processResponse} does: {@code onOpen}, each event (type {@code null} for {@code message}, the
   * WHATWG last event id), then {@code onClosed}; {@code onFailure} instead for a status other than 2xx, a
   * Content-Type other than {@code text/event-stream}, or a failed read. Closes the response. With ssekit's
   * parser (every WHATWG line ending, a BOM, {@code maxEventSize} of 1 MiB), but none of the client's
   * reconnect, resume or acks: for those, use {@link #createFactory}.
   */
  public static void processResponse(Response response, EventSourceListener listener) {
    if (response == null || listener == null) {
      throw new IllegalArgumentException("response and listener are required");
    }
    SseClients.processResponse(response, listener);
  }

  /** A factory with the default configuration. */
  public static EventSource.Factory createFactory(OkHttpClient client) {
    return createFactory(client, SseConfig.defaults());
  }

  /** A factory with the given configuration. */
  public static EventSource.Factory createFactory(final OkHttpClient client, final SseConfig config) {
    if (client == null || config == null) {
      throw new IllegalArgumentException("client and config are required");
    }
    return new EventSource.Factory() {
      @Override
      public EventSource newEventSource(Request request, EventSourceListener listener) {
        return open(client, config, request, listener);
      }
    };
  }

  private static EventSource open(OkHttpClient client, SseConfig config, final Request request,
      final EventSourceListener listener) {
    if (request.body() != null && (request.body().isOneShot() || request.body().isDuplex())) {
      throw new IllegalArgumentException("the body of a " + request.method()
          + " stream is sent on every reconnect, so it must not be one-shot or duplex");
    }
    String lastEventId = request.header("Last-Event-ID");
    if (lastEventId != null && config.initialLastEventId() == null) {
      config = config.toBuilder().initialLastEventId(lastEventId).build(); // okhttp-sse users resume this way
    }
    final SseClient[] holder = new SseClient[1];
    final EventSource source = new EventSource() {
      @Override
      public Request request() {
        return request;
      }

      @Override
      public void cancel() {
        holder[0].close();
      }
    };
    holder[0] = SseClients.create(request.url(), client, config, new SseListener() {
      @Override
      public void onOpen(Response response) {
        listener.onOpen(source, response);
      }

      @Override
      public void onEvent(SseEvent event) {
        listener.onEvent(source, event.id(), event.type().equals("message") ? null : event.type(), event.data());
      }

      @Override
      public void onStateChange(ConnectionState state) {
        if (state.kind() != ConnectionState.Kind.CLOSED) {
          return;
        }
        switch (state.closeReason()) {
          case CLOSED_BY_SERVER:
            listener.onClosed(source);
            break;
          case CLOSED_BY_CALLER:
            listener.onFailure(source, new IOException("canceled"), null);
            break;
          default:
            listener.onFailure(source, state.error(), null);
            break;
        }
      }
    }, request.method(), request.body(), request.headers());
    holder[0].start();
    return source;
  }
}
