package dev.ssekit.client.internal;

import dev.ssekit.client.AuthMode;
import dev.ssekit.client.SseConnectionException;
import dev.ssekit.client.TokenProvider;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Puts the token on a request the way the auth mode says. Never logs or quotes a token. The provider is asked
 * on the client's own token thread, whichever thread needs a token (reader or ack), and waited for at most
 * {@code timeoutMillis}: a call that takes longer is interrupted and counts as a failure (retried with
 * backoff). A {@code refreshToken()} that fails is a finite call retried by resilience4j-retry on the token
 * thread, at most {@link #REFRESH_ATTEMPTS} attempts with a {@link CappedBackoff} from
 * {@link #REFRESH_BACKOFF_MILLIS}, all within the timeout; only then does the caller see the failure (and the
 * stream retries it after its reconnect backoff). {@link #close()} interrupts a call in progress, waits
 * included, and lets the thread end.
 */
final class Credentials {

  static final int REFRESH_ATTEMPTS = 3;
  static final long REFRESH_BACKOFF_MILLIS = 200;

  private final TokenProvider provider;
  /** Retries a failed refresh; an interrupt (timeout, close) ends it at once. */
  private final Retry refreshes = Retry.of("ssekit-token-refresh", RetryConfig.custom()
      .maxAttempts(REFRESH_ATTEMPTS)
      .intervalFunction(new CappedBackoff(REFRESH_BACKOFF_MILLIS, 4 * REFRESH_BACKOFF_MILLIS))
      .retryOnException(e -> !(e instanceof InterruptedException || e instanceof java.io.InterruptedIOException
          || Thread.currentThread().isInterrupted()))
      .build());
  private final AuthMode mode;
  private final TokenCrypto crypto;
  private final long timeoutMillis;
  /** The provider calls being waited for. */
  private final java.util.Set<java.util.concurrent.Future<String>> waiting =
      java.util.Collections.synchronizedSet(new java.util.HashSet<java.util.concurrent.Future<String>>());
  /** The thread that calls the provider; ends when idle for a second, and on close. */
  private final java.util.concurrent.ThreadPoolExecutor calls;

  Credentials(TokenProvider provider, AuthMode mode, String passphrase, long timeoutMillis,
      java.util.concurrent.ThreadFactory threads) {
    this.provider = provider;
    this.mode = mode;
    this.crypto = mode == AuthMode.ENCRYPTED ? new TokenCrypto(passphrase) : null;
    this.timeoutMillis = timeoutMillis;
    this.calls = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1, java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<Runnable>(), threads);
    calls.allowCoreThreadTimeOut(true);
  }

  /** Interrupts a provider call in progress and lets the token thread end. Any thread. */
  void close() {
    calls.shutdownNow();
  }

  /**
   * Abandons the provider calls being waited for: each waiting thread stops waiting at once, and the call is
   * interrupted. Later calls are still made (the final ack asks within its own bound). Any thread.
   */
  void abandonCalls() {
    synchronized (waiting) {
      for (java.util.concurrent.Future<String> call : waiting) {
        call.cancel(true);
      }
    }
  }

  /** Asks the provider, on the token thread, waiting at most the timeout (and {@code maxWaitMillis}). */
  private String ask(final boolean fresh, long maxWaitMillis) throws Exception {
    java.util.concurrent.FutureTask<String> call = new java.util.concurrent.FutureTask<String>(
        () -> fresh ? refreshes.executeCallable(provider::refreshToken) : provider.token());
    waiting.add(call); // before the provider can run: abandonCalls() sees every call it could be waiting for
    try {
      calls.execute(call);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      waiting.remove(call);
      throw new java.io.InterruptedIOException("closed");
    }
    long wait = Math.min(timeoutMillis, maxWaitMillis);
    try {
      return call.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.CancellationException e) {
      throw new java.io.InterruptedIOException("abandoned: the client is closing");
    } catch (java.util.concurrent.TimeoutException e) {
      call.cancel(true);
      throw new SseConnectionException("the token provider did not answer within " + wait
          + " ms (tokenTimeout); asked again after the backoff", 0, null);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause; // as if called here: the client closes with FAILED
      }
      throw cause instanceof Exception ? (Exception) cause : e;
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    } finally {
      waiting.remove(call);
    }
  }

  /**
   * Sets the request's URL and credentials.
   *
   * @param fresh whether to ask the provider for a fresh token (after a 401)
   * @throws SseConnectionException if the provider failed (retried like a connection failure)
   */
  void apply(Request.Builder request, HttpUrl url, boolean fresh) {
    apply(request, url, fresh, Long.MAX_VALUE);
  }

  /** As above, waiting for the provider at most {@code maxWaitMillis} (less than the timeout, on close). */
  void apply(Request.Builder request, HttpUrl url, boolean fresh, long maxWaitMillis) {
    if (provider == null) {
      request.url(url);
      return;
    }
    String token;
    try {
      token = ask(fresh, maxWaitMillis);
    } catch (SseConnectionException e) {
      throw e;
    } catch (Exception e) {
      // The provider's message may quote a token: keep only its type.
      throw new SseConnectionException("token provider failed with " + e.getClass().getName(), 0, null);
    }
    if (token == null || token.isEmpty()) {
      request.url(url);
      return;
    }
    switch (mode) {
      case QUERY:
        request.url(url.newBuilder().setQueryParameter("token", token).build());
        break;
      case ENCRYPTED:
        request.url(url).header("X-Encrypted-Token", crypto.encrypt(token));
        break;
      default:
        if (!isHeaderValue(token)) {
          // OkHttp's own message would quote the value: say what is wrong without it.
          throw new SseConnectionException("the token has a character an HTTP header cannot carry", 0, null);
        }
        request.url(url).header("Authorization", "Bearer " + token);
        break;
    }
  }

  /** Whether OkHttp accepts this as a header value: tab and printable ASCII only. */
  static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  /** A URL safe to put in a message: no query string at all. */
  static String redact(HttpUrl url) {
    return url.newBuilder().query(null).build().toString();
  }
}
