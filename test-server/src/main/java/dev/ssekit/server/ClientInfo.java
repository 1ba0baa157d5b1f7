package dev.ssekit.server;

import java.time.Instant;

/**
 * One connected client as {@code GET /v1/admin/clients} lists it.
 *
 * @param clientId the client id
 * @param connectedSince when its current stream opened
 * @param lastSentId the id of the last message written to it, or {@code null}
 * @param lastAckedId the id of the last message it acknowledged, or {@code null}
 * @param queueDepth messages published but not yet taken by its stream
 */
public record ClientInfo(
    String clientId, Instant connectedSince, String lastSentId, String lastAckedId, long queueDepth) {}
