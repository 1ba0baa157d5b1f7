package dev.ssekit.server;

/**
 * A snapshot of the hub's counters, as {@code GET /v1/admin/stats} reports them.
 *
 * @param connections streams open now
 * @param messagesPublished messages published since start (broadcasts and private sends)
 * @param bufferSize messages held in the replay buffer
 * @param slowConsumerDisconnects streams closed because their client could not keep up
 * @param authFailures requests refused with 401, 403 or 429
 */
public record HubStats(
    int connections, long messagesPublished, int bufferSize, long slowConsumerDisconnects, long authFailures) {}
