package dev.ssekit.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A store in a properties file. Each save writes a temp file beside it, forces it to disk, and moves it over
 * the old one atomically ({@code ATOMIC_MOVE}; where the file system cannot, a plain replacing move), so a
 * crash leaves either the old or the new content, never a mix. Thread-safe through its monitor.
 */
final class FileLastEventIdStore implements LastEventIdStore {

  private static final String LAST_EVENT_ID = "lastEventId";
  private static final String CLIENT_ID = "clientId";

  private final Path file;
  private final Path temp;
  private final Properties values = new Properties();

  FileLastEventIdStore(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file == null");
    }
    this.file = file;
    this.temp = file.resolveSibling(file.getFileName() + ".tmp");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        values.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  @Override
  public synchronized String lastEventId() {
    return values.getProperty(LAST_EVENT_ID);
  }

  @Override
  public synchronized void saveLastEventId(String id) {
    put(LAST_EVENT_ID, id);
  }

  @Override
  public synchronized String clientId() {
    return values.getProperty(CLIENT_ID);
  }

  @Override
  public synchronized void saveClientId(String clientId) {
    put(CLIENT_ID, clientId);
  }

  private void put(String key, String value) {
    if (value == null) {
      values.remove(key);
    } else {
      values.setProperty(key, value);
    }
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(channel);
        values.store(out, "ssekit resume state");
        out.flush();
        channel.force(true); // on disk before it replaces the old content
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
