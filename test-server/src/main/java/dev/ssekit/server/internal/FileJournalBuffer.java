package dev.ssekit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.MessageBuffer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent buffer: the in-memory ring, plus an append-only file of one JSON line per message, so a hub
 * started again on the same file holds what the last one held (as many messages, none expired) and resumes
 * without a gap. Each message is written to the file (not forced to the disk) as it is buffered, so the file
 * outlives the process, not the machine. A line cut short by a crash is skipped when the file is read. The
 * file is rewritten with only the held messages once it has twice as many lines as the buffer holds, so it
 * stays bounded. Thread-safe through its own monitor; {@link #close} releases the file.
 */
final class FileJournalBuffer implements MessageBuffer, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(FileJournalBuffer.class);

  private final Path file;
  private final int maxSize;
  private final InMemoryMessageBuffer memory;
  /** Guarded by this. */
  private FileChannel channel;
  private long lines;

  FileJournalBuffer(Path file, int maxSize, Duration ttl, Clock clock) {
    this.file = file;
    this.maxSize = maxSize;
    this.memory = new InMemoryMessageBuffer(maxSize, ttl, clock);
    try {
      long now = clock.millis();
      if (Files.exists(file)) {
        int skipped = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
          for (int length = readLine(in, lineBytes); length != END; length = readLine(in, lineBytes)) {
            if (length == TOO_LONG) {
              skipped++;
              continue;
            }
            BufferedMessage m = parse(lineBytes.toString(StandardCharsets.UTF_8));
            if (m == null) {
              skipped++;
            } else if (m.timestamp().toEpochMilli() + ttl.toMillis() > now) {
              memory.addMessage(m, m.timestamp().toEpochMilli() + ttl.toMillis());
            }
          }
        }
        if (skipped > 0) {
          LOG.warn("skipped {} unreadable line(s) of the journal {}", skipped, file);
        }
      }
      rewrite(); // only what is held now, so the file starts bounded
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the journal " + file, e);
    }
  }

  /** The longest line read back; a longer one (garbage, or a message too big to keep) is skipped unread. */
  static final int MAX_LINE_BYTES = 4 << 20;
  private static final int END = -1;
  private static final int TOO_LONG = -2;

  /**
   * Reads the next line into {@code line} (without its LF); returns its length, {@link #TOO_LONG} for a line past
   * {@link #MAX_LINE_BYTES} (skipped to its end, never held whole), or {@link #END} at the end of the file.
   */
  private static int readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    line.reset();
    boolean tooLong = false;
    int b = in.read();
    if (b < 0) {
      return END;
    }
    for (; b >= 0 && b != '\n'; b = in.read()) {
      if (line.size() >= MAX_LINE_BYTES) {
        tooLong = true;
        line.reset();
      }
      if (!tooLong) {
        line.write(b);
      }
    }
    return tooLong ? TOO_LONG : line.size();
  }

  @Override
  public synchronized void addMessage(BufferedMessage message) {
    memory.addMessage(message);
    try {
      if (lines >= 2L * maxSize) {
        rewrite();
      } else {
        write(message);
      }
    } catch (IOException e) {
      // The buffer in memory still holds it; only a restart would miss it.
      LOG.warn("could not write message {} to the journal {}: {}", message.id(), file, e.toString());
    }
  }

  private void write(BufferedMessage m) throws IOException {
    byte[] line = (Json.MAPPER.writeValueAsString(lineOf(m)) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(line);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    lines++;
  }

  /** Writes the held messages to a new file and puts it in place of the old one. */
  private void rewrite() throws IOException {
    if (channel != null) {
      channel.close();
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel = out;
      lines = 0;
      for (BufferedMessage m : memory.getMessages()) {
        write(m);
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static Map<String, Object> lineOf(BufferedMessage m) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", m.id());
    line.put("event", m.event());
    line.put("data", m.data());
    line.put("timestamp", m.timestamp().toEpochMilli());
    line.put("retry", m.retry());
    line.put("extra", m.extra());
    line.put("recipient", m.recipient());
    return line;
  }

  /** The message on this line, or null if the line is not one this class wrote whole. */
  @SuppressWarnings("unchecked")
  private static BufferedMessage parse(String line) {
    try {
      JsonNode n = Json.MAPPER.readTree(line);
      if (n == null || !n.isObject() || !n.path("id").isTextual() || !n.path("timestamp").canConvertToLong()) {
        return null;
      }
      Map<String, Object> extra = n.hasNonNull("extra") ? Json.MAPPER.convertValue(n.get("extra"), Map.class) : null;
      return new BufferedMessage(n.get("id").asText(), text(n, "event"), text(n, "data"),
          Instant.ofEpochMilli(n.get("timestamp").asLong()), n.hasNonNull("retry") ? n.get("retry").asInt() : null,
          extra, text(n, "recipient"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public Optional<List<BufferedMessage>> getMessagesSince(String id) {
    return memory.getMessagesSince(id);
  }

  @Override
  public List<BufferedMessage> getMessages() {
    return memory.getMessages();
  }

  @Override
  public boolean contains(String id) {
    return memory.contains(id);
  }

  @Override
  public Optional<String> oldestId() {
    return memory.oldestId();
  }

  @Override
  public int getSize() {
    return memory.getSize();
  }

  @Override
  public synchronized void clear() {
    memory.clear();
    try {
      rewrite();
    } catch (IOException e) {
      LOG.warn("could not clear the journal {}: {}", file, e.toString());
    }
  }

  @Override
  public void sweep() {
    memory.sweep();
  }

  /** Releases the file; the hub calls it when it stops. */
  @Override
  public synchronized void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.warn("could not close the journal {}: {}", file, e.toString());
    }
  }

  /** The number of lines in the file: bounded by twice the buffer's size (plus one). */
  synchronized long lines() {
    return lines;
  }
}
