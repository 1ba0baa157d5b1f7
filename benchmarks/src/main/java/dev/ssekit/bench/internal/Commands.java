package dev.ssekit.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** The child side of {@link ControlledProcess}: reads commands from standard input. */
public final class Commands {

  private Commands() {}

  /** The environment variable that carries the bearer token to a child process (never its command line). */
  public static final String TOKEN_VARIABLE = "SSEKIT_BENCH_TOKEN";

  /** The token a child process was given. */
  public static String tokenFromEnvironment() {
    String token = System.getenv(TOKEN_VARIABLE);
    if (token == null || token.isEmpty()) {
      throw new IllegalStateException(TOKEN_VARIABLE + " is not set");
    }
    return token;
  }

  /** The data every server broadcasts: {@code {"t":<nanos>,"p":"xxx…"}}, padded to {@code bytes}. */
  public static String payload(long nanos, int bytes) {
    String head = "{\"t\":" + nanos + ",\"p\":\"";
    int pad = Math.max(0, bytes - head.length() - 2);
    char[] x = new char[pad];
    Arrays.fill(x, 'x');
    return head + new String(x) + "\"}";
  }

  /** Runs the command loop until {@code quit} or end of input; {@code broadcast} goes to the consumer. */
  public static void loop(Consumer<String> broadcast) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("broadcast ")) {
        String[] parts = line.split(" ");
        broadcast.accept(payload(Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
      } else if (line.equals("heap")) {
        for (int i = 0; i < 3; i++) {
          System.gc();
        }
        System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        System.out.flush();
      } else if (line.equals("quit")) {
        return;
      }
    }
  }
}
