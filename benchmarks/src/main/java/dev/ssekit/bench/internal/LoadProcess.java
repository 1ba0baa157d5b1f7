package dev.ssekit.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A load process (child JVM of {@link LoadFleet}): holds its share of the streams with {@link LoadClients}
 * and answers the parent on standard input: {@code status} prints
 * {@code connects started refused lost received}, {@code take} prints the latency histogram since the last
 * take (and resets it), {@code quit} ends. Arguments: {@code <url> <streams> <source,source,...>}; the token
 * comes in the environment.
 */
public final class LoadProcess {

  private LoadProcess() {}

  /** Opens the streams and answers commands on standard input until {@code quit}. */
  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int n = Integer.parseInt(args[1]);
    List<InetAddress> sources = new ArrayList<>();
    for (String s : args[2].split(",")) {
      sources.add(InetAddress.getByName(s));
    }
    try (LoadClients clients = new LoadClients(url, Commands.tokenFromEnvironment(), n, sources)) {
      System.out.println("ready " + n);
      System.out.flush();
      serve(clients);
    }
  }

  private static void serve(LoadClients clients) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      switch (line.trim()) {
        case "status":
          System.out.println(clients.connects() + " " + clients.started() + " " + clients.refused() + " "
              + clients.lost() + " " + clients.received());
          break;
        case "take":
          System.out.println(clients.takeLatencies().encode());
          break;
        case "quit":
          return;
        default:
          System.out.println("error unknown command");
      }
      System.out.flush();
    }
  }
}
