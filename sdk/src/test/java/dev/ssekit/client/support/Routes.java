package dev.ssekit.client.support;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** A MockWebServer dispatcher: stream requests take scripted responses in turn; ack requests are recorded. */
public final class Routes extends Dispatcher {

  private final BlockingQueue<MockResponse> streams = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> ackBodies = new LinkedBlockingQueue<>();
  public final BlockingQueue<RecordedRequest> ackRequests = new LinkedBlockingQueue<>();
  private volatile Function<Integer, MockResponse> ackAnswer = n -> new MockResponse.Builder().code(204).build();
  private int acks;

  public Routes stream(MockResponse response) {
    streams.add(response);
    return this;
  }

  /** How to answer the n-th ack (from 1). */
  public Routes acks(Function<Integer, MockResponse> answer) {
    this.ackAnswer = answer;
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    if (request.getUrl().encodedPath().endsWith("/ack")) {
      int n;
      synchronized (this) {
        n = ++acks;
      }
      ackRequests.add(request);
      ackBodies.add(request.getBody() == null ? "" : request.getBody().utf8());
      return ackAnswer.apply(n);
    }
    MockResponse next = streams.poll(10, TimeUnit.SECONDS);
    return next != null ? next : new MockResponse.Builder().code(503).build();
  }

  public String nextAck() throws InterruptedException {
    String body = ackBodies.poll(10, TimeUnit.SECONDS);
    if (body == null) {
      throw new AssertionError("no ack within 10 s");
    }
    return body;
  }
}
