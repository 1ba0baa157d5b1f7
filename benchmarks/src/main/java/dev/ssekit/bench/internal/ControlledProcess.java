package dev.ssekit.bench.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM (the hub or the bare baseline), driven through its standard input: one command per
 * line ({@code broadcast <nanos> <bytes>}, {@code heap}, {@code quit}). Its first output line names its URL.
 */
public final class ControlledProcess implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final URI url;

  public ControlledProcess(String java, String mainClass, List<String> jvmArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    String first = out.readLine();
    if (first == null || !first.startsWith("listening on ")) {
      process.destroyForcibly();
      throw new IOException(mainClass + " did not start: " + first);
    }
    url = URI.create(first.substring("listening on ".length()).trim());
  }

  public URI url() {
    return url;
  }

  public synchronized void send(String line) throws IOException {
    in.write(line);
    in.write('\n');
    in.flush();
  }

  /** Heap in use after a full GC, in bytes, as the process reports it. */
  public long heapAfterGc() throws IOException {
    send("heap");
    String line = out.readLine();
    return Long.parseLong(line.trim());
  }

  /** Resident set size in bytes, from /proc (0 where there is no /proc). */
  public long rssBytes() {
    File status = new File("/proc/" + process.pid() + "/status");
    try {
      for (String line : Files.readAllLines(status.toPath())) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      send("quit");
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
