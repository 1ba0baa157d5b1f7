package dev.ssekit.client.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Calls the hub's admin API from SDK tests. */
public final class HubAdmin {

  private static final OkHttpClient HTTP = new OkHttpClient();
  private final URI base;
  private final String token;

  public HubAdmin(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** {@code GET /v1/admin/clients}: the JSON list. */
  public String clients() {
    Request request = new Request.Builder().url(base.resolve("/v1/admin/clients").toString())
        .header("Authorization", "Bearer " + token).build();
    try (Response response = HTTP.newCall(request).execute()) {
      return response.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs a fault and returns the JSON answer. */
  public String fault(String json) {
    Request request = new Request.Builder().url(base.resolve("/v1/admin/faults").toString())
        .header("Authorization", "Bearer " + token)
        .post(RequestBody.create(json, MediaType.parse("application/json")))
        .build();
    try (Response response = HTTP.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new AssertionError("fault refused: " + response.code() + " " + response.body().string());
      }
      return response.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
