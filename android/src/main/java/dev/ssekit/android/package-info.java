/**
 * Server-Sent Events on Android: {@link dev.ssekit.android.AndroidSseStream}, a stream that follows the default
 * network, the app's activities and the power modes; {@link dev.ssekit.android.SharedPreferencesLastEventIdStore},
 * resume state that survives process death; {@link dev.ssekit.android.MainThreadExecutor}, callbacks on the main
 * thread. {@code dev.ssekit.android.internal} is not API.
 */
package dev.ssekit.android;
