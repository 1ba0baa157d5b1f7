package dev.ssekit.client;

import dev.ssekit.client.internal.RealSseClient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Callbacks run on the config's callback executor (one SDK thread per source by default), not on
 * OkHttp's dispatcher. A hub {@code gap} arrives as an event of type {@code gap}; heartbeats are skipped
 * unless {@link SseConfig#heartbeatsAsEvents()}. The request's headers are sent on every connect. The type
 * passed to {@code onEvent} is {@code null} for the default {@code message} type.
 */
public final class SseEventSources {

  private SseEventSources() {}

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
    Map<String, String> headers = new LinkedHashMap<String, String>();
    for (String name : request.headers().names()) {
      headers.put(name, request.header(name));
    }
    final RealSseClient[] holder = new RealSseClient[1];
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
    holder[0] = new RealSseClient(request.url(), client, config, new SseListener() {
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
    }, headers);
    holder[0].start();
    return source;
  }
}
