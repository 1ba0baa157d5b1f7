package dev.ssekit.sample;

import android.app.Activity;
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
import dev.ssekit.android.AndroidSseStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One screen: server URL and token, connect/disconnect, the stream's state, the live events with their ids and
 * the last id the hub confirmed as acknowledged. The stream belongs to {@link SampleApp}, not to this screen:
 * the screen starts or closes it when the button is pressed and shows what it holds while the screen is
 * started. Nothing here blocks the main thread.
 */
public class MainActivity extends Activity {

  private final Handler main = new Handler(Looper.getMainLooper());
  private SampleApp app;
  private EditText urlField;
  private EditText tokenField;
  private Button connectButton;
  private TextView stateText;
  private TextView ackText;
  private ArrayAdapter<String> events;

  private final Runnable refreshAck = new Runnable() {
    @Override
    public void run() {
      AndroidSseStream stream = app.getStream();
      String acked = stream == null ? null : stream.lastAckedId();
      ackText.setText("last acked: " + (acked == null ? "-" : acked));
      main.postDelayed(this, 500);
    }
  };

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    app = (SampleApp) getApplication();
    setContentView(buildViews());
  }

  private LinearLayout buildViews() {
    LinearLayout root = new LinearLayout(this);
    root.setOrientation(LinearLayout.VERTICAL);
    urlField = new EditText(this);
    urlField.setHint("server URL");
    urlField.setInputType(InputType.TYPE_TEXT_VARIATION_URI);
    urlField.setText(app.getPrefs().getString(SampleApp.URL, SampleApp.DEFAULT_URL));
    tokenField = new EditText(this);
    tokenField.setHint("token");
    tokenField.setInputType(InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_PASSWORD);
    tokenField.setText(app.getPrefs().getString(SampleApp.TOKEN, "demo-token"));
    connectButton = new Button(this);
    connectButton.setOnClickListener(v -> toggle());
    stateText = new TextView(this);
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
    return root;
  }

  @Override
  protected void onStart() {
    super.onStart();
    app.setScreen(this::refresh);
    refresh();
    main.post(refreshAck);
  }

  @Override
  protected void onStop() {
    app.setScreen(null); // the stream goes on: the app decides, with its grace period
    main.removeCallbacks(refreshAck);
    super.onStop();
  }

  private void refresh() {
    stateText.setText(app.getStateLine());
    events.clear();
    events.addAll(app.getLines());
    connectButton.setText(app.getStream() == null ? "Connect" : "Disconnect");
  }

  void toggle() {
    boolean connect = app.getStream() == null;
    app.getPrefs().edit()
        .putBoolean(SampleApp.WANTS_STREAM, connect)
        .putString(SampleApp.URL, urlField.getText().toString())
        .putString(SampleApp.TOKEN, tokenField.getText().toString())
        .apply();
    if (connect) {
      app.connect();
    } else {
      app.disconnect();
    }
    refresh();
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
