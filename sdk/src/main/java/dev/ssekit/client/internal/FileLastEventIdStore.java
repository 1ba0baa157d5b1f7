package dev.ssekit.client.internal;

import dev.ssekit.client.LastEventIdStore;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A store in a properties file. Each save writes a temp file beside it and renames it over the old one, so
 * a crash leaves either the old or the new content. Thread-safe through its monitor.
 */
public final class FileLastEventIdStore implements LastEventIdStore {

  private static final String LAST_EVENT_ID = "lastEventId";
  private static final String CLIENT_ID = "clientId";

  private final File file;
  private final Properties values = new Properties();

  public FileLastEventIdStore(File file) {
    if (file == null) {
      throw new IllegalArgumentException("file == null");
    }
    this.file = file;
    if (file.exists()) {
      try (InputStream in = new FileInputStream(file)) {
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
    File temp = new File(file.getPath() + ".tmp");
    try {
      try (OutputStream out = new FileOutputStream(temp)) {
        values.store(out, "ssekit resume state");
      }
      if (!temp.renameTo(file)) {
        throw new IOException("cannot rename " + temp + " to " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
