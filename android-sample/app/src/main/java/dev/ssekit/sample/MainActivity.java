package dev.ssekit.sample;

import android.app.Activity;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.text.InputType;
import android.widget.ArrayAdapter;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ListView;
import android.widget.TextView;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.Gap;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One screen: server URL and token, connect/disconnect, the connection state, the live events with their ids
 * and the last id the hub confirmed as acknowledged. It uses the SDK the way an app should: callbacks on the
 * main thread through a {@link Handler}, the stream opened in {@code onStart} and closed in {@code onStop}, and
 * the resume state kept in {@link SharedPreferences} so a killed app resumes where it stopped. Nothing here
 * blocks the main thread: {@code start()} and {@code close()} return at once.
 */
public class MainActivity extends Activity {

  static final String PREFS = "ssekit-sample";
  static final String URL = "url";
  static final String TOKEN = "token";
  static final String WANTS_STREAM = "wants_stream";

  private final Handler main = new Handler(Looper.getMainLooper());
  private final Executor mainThread = main::post;
  private SharedPreferences prefs;
  private EditText urlField;
  private EditText tokenField;
  private Button connectButton;
  private TextView stateText;
  private TextView ackText;
  private ArrayAdapter<String> events;
  private SseClient client;

  private final Runnable refreshAck = new Runnable() {
    @Override
    public void run() {
      if (client != null) {
        String acked = client.lastAckedId();
        ackText.setText("last acked: " + (acked == null ? "-" : acked));
        main.postDelayed(this, 500);
      }
    }
  };

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    prefs = getSharedPreferences(PREFS, MODE_PRIVATE);
    setContentView(buildViews());
  }

  private LinearLayout buildViews() {
    LinearLayout root = new LinearLayout(this);
    root.setOrientation(LinearLayout.VERTICAL);
    urlField = new EditText(this);
    urlField.setHint("server URL");
    urlField.setInputType(InputType.TYPE_TEXT_VARIATION_URI);
    urlField.setText(prefs.getString(URL, "http://10.0.2.2:8000/v1/sse"));
    tokenField = new EditText(this);
    tokenField.setHint("token");
    tokenField.setInputType(InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_PASSWORD);
    tokenField.setText(prefs.getString(TOKEN, "demo-token"));
    connectButton = new Button(this);
    connectButton.setOnClickListener(v -> toggle());
    stateText = new TextView(this);
    stateText.setText("closed");
    ackText = new TextView(this);
    ackText.setText("last acked: -");
    events = new ArrayAdapter<>(this, android.R.layout.simple_list_item_1, new ArrayList<String>());
    ListView list = new ListView(this);
    list.setAdapter(events);
    root.addView(urlField);
    root.addView(tokenField);
    root.addView(connectButton);
    root.addView(stateText);
    root.addView(ackText);
    root.addView(list, new LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1f));
    updateButton();
    return root;
  }

  @Override
  protected void onStart() {
    super.onStart();
    if (prefs.getBoolean(WANTS_STREAM, false)) {
      open();
    }
  }

  @Override
  protected void onStop() {
    closeStream();
    super.onStop();
  }

  private void toggle() {
    boolean connect = client == null;
    prefs.edit()
        .putBoolean(WANTS_STREAM, connect)
        .putString(URL, urlField.getText().toString())
        .putString(TOKEN, tokenField.getText().toString())
        .apply();
    if (connect) {
      open();
    } else {
      closeStream();
    }
  }

  private void open() {
    if (client != null) {
      return;
    }
    String token = tokenField.getText().toString();
    SseConfig.Builder config = SseConfig.builder()
        .callbackExecutor(mainThread)
        .lastEventIdStore(new PreferencesLastEventIdStore(prefs));
    if (!token.isEmpty()) {
      config.token(token);
    }
    client = SseClient.builder(urlField.getText().toString())
        .config(config.build())
        .listener(new ScreenListener())
        .build();
    client.start();
    main.post(refreshAck);
    updateButton();
  }

  private void closeStream() {
    if (client != null) {
      client.close(); // never blocks
      client = null;
      main.removeCallbacks(refreshAck);
      stateText.setText("closed");
      updateButton();
    }
  }

  private void updateButton() {
    connectButton.setText(client == null ? "Connect" : "Disconnect");
  }

  /** What the screen shows; every callback arrives on the main thread. */
  private final class ScreenListener implements SseListener {
    @Override
    public void onStateChange(ConnectionState state) {
      if (client != null) {
        stateText.setText(StateText.of(state));
      }
    }

    @Override
    public void onEvent(SseEvent event) {
      if (!event.type().equals("connected")) {
        events.add(event.id() + ": " + event.data());
      }
    }

    @Override
    public void onGap(Gap gap) {
      events.add("gap: events after " + gap.lastEventId() + " may be missing");
    }
  }

  // ---- for tests ----

  List<String> eventLines() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < events.getCount(); i++) {
      out.add(events.getItem(i));
    }
    return out;
  }

  String stateLine() {
    return stateText.getText().toString();
  }

  String ackLine() {
    return ackText.getText().toString();
  }
}
