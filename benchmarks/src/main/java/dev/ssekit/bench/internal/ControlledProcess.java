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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (the hub, the bare baseline or a load process), driven through its standard input one command
 * per line ({@code broadcast <nanos> <bytes>}, {@code heap}, {@code status}, {@code quit}, ...). Its first
 * output line says it is ready ({@code listening on <url>} or {@code ready ...}). The bench token reaches it
 * in the environment, never on its command line.
 */
public final class ControlledProcess implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final String firstLine;

  /** Starts {@code mainClass} in a new JVM on this classpath and waits for its ready line. */
  public ControlledProcess(String java, String mainClass, List<String> jvmArgs, List<String> args, String token)
      throws IOException {
    this(Collections.<String>emptyList(), java, mainClass, jvmArgs, args, token);
  }

  /** As above, the command run through {@code prefix} (a shell that lowers a limit, say, then execs it). */
  public ControlledProcess(List<String> prefix, String java, String mainClass, List<String> jvmArgs,
      List<String> args, String token) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(Commands.TOKEN_VARIABLE, token);
    process = builder.start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    String first = out.readLine();
    if (first == null || !(first.startsWith("listening on ") || first.startsWith("ready"))) {
      process.destroyForcibly();
      throw new IOException(mainClass + " did not start: " + first);
    }
    firstLine = first;
  }

  /** The URL a server process announced. */
  public URI url() {
    return URI.create(firstLine.substring("listening on ".length()).trim());
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Sends one command line. */
  public synchronized void send(String line) throws IOException {
    in.write(line);
    in.write('\n');
    in.flush();
  }

  /** Sends a command and returns the one line it answers. */
  public synchronized String ask(String command) throws IOException {
    send(command);
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the process ended before answering " + command);
    }
    return line;
  }

  /** Heap in use after a full GC, in bytes, as the process reports it. */
  public long heapAfterGc() throws IOException {
    return Long.parseLong(ask("heap").trim());
  }

  /** Resident set size in bytes, from /proc (0 where there is no /proc). */
  public long rssBytes() {
    return procStatus("VmRSS:");
  }

  private long procStatus(String field) {
    File status = new File("/proc/" + process.pid() + "/status");
    try {
      for (String line : Files.readAllLines(status.toPath())) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The process's soft limit on open files, or -1 where /proc does not say. */
  public long openFileLimit() {
    try {
      for (String line : Files.readAllLines(new File("/proc/" + process.pid() + "/limits").toPath())) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Files the process has open now, or -1 where /proc does not say. */
  public int openFiles() {
    String[] fds = new File("/proc/" + process.pid() + "/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      send("quit");
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
