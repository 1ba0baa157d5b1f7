package dev.ssekit.server.internal.cli;

import dev.ssekit.server.Hub;
import dev.ssekit.server.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** For {@code --demo}: broadcasts a sample {@code demo} event every second so a stream shows life at once. */
final class DemoPublisher implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ssekit-demo-publisher");
    t.setDaemon(true);
    return t;
  });
  private long seq;

  DemoPublisher(Hub hub) {
    timer.scheduleAtFixedRate(() -> {
      if (hub.isStopped()) {
        return;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("seq", ++seq);
      data.put("time", Instant.now().toString());
      data.put("clients", hub.getClientCount());
      hub.broadcast(Message.of("demo", data));
    }, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
