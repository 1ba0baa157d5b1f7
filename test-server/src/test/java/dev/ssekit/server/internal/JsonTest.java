package dev.ssekit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void jsonBuffersReleasedOnOneThreadAreReusedOnAnotherSoNoStreamThreadKeepsItsOwn() throws Exception {
    // Every stream writes its connected and heartbeat JSON on a thread of its own that lives as long as the
    // stream; with Jackson's default per-thread cache each idle stream kept about 8 KB of buffers.
    RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();
    pool.clear();
    AtomicReference<BufferRecycler> released = new AtomicReference<>();
    Thread stream = new Thread(() -> {
      BufferRecycler buffers = pool.acquireAndLinkPooled();
      released.set(buffers);
      buffers.releaseToPool();
    });
    stream.start();
    stream.join();
    assertThat(pool.pooledCount()).isEqualTo(1); // back in the hub's pool, not in the ended thread
    assertThat(pool.acquireAndLinkPooled()).isSameAs(released.get());
  }

  @Test
  void encodingJsonOnManyThreadsPoolsAtMostABoundedNumberOfBufferSets() throws Exception {
    RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();
    Thread[] threads = new Thread[200];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> {
        try {
          Json.MAPPER.writeValueAsString(Json.object("client_id", "c-" + n, "timestamp", 1L));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(pool.pooledCount()).isBetween(1, 64);
  }
}
