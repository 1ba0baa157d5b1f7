package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.mutants.MiniClient.Bug;
import java.util.List;

/** The broken clients: {@link MiniClient} with one {@link Bug}, and the case that must catch it. */
public final class ClientMutants {

  /**
   * A broken client.
   *
   * @param bug its one mistake
   * @param caseNumber the client case that must FAIL
   * @param what the mistake in words
   */
  public record ClientMutant(Bug bug, int caseNumber, String what) {}

  private ClientMutants() {}

  public static List<ClientMutant> all() {
    return List.of(
        new ClientMutant(Bug.KEEPS_BOM, 1, "keeps a leading BOM"),
        new ClientMutant(Bug.CR_AT_READ_END_THEN_LF_IS_A_SECOND_LINE, 3, "mishandles a CRLF split across reads"),
        new ClientMutant(Bug.HOLDS_CR_UNTIL_NEXT_BYTE, 4, "drops the last event of a CR-only stream"),
        new ClientMutant(Bug.STRIPS_EVERY_LEADING_SPACE, 7, "strips every leading space"),
        new ClientMutant(Bug.ACCEPTS_ID_WITH_NUL, 8, "takes an id containing NUL"),
        new ClientMutant(Bug.IGNORES_RETRY, 9, "ignores retry:"),
        new ClientMutant(Bug.LENIENT_RETRY, 9, "reads retry: from leading digits ('1 0' as 1)"),
        new ClientMutant(Bug.DISPATCHES_BLOCKS_WITHOUT_DATA, 10, "dispatches a block with no data line"),
        new ClientMutant(Bug.DROPS_EMPTY_DATA, 10, "does not dispatch data: with an empty value"),
        new ClientMutant(Bug.DISPATCHES_UNFINISHED_EVENT, 11, "dispatches an unfinished event at the end"),
        new ClientMutant(Bug.ID_ONLY_BLOCK_IGNORED, 12, "ignores an id-only block"),
        new ClientMutant(Bug.DECODES_EACH_READ_ALONE, 13, "decodes UTF-8 one read at a time"),
        new ClientMutant(Bug.NO_LAST_EVENT_ID_HEADER, 14, "reconnects without Last-Event-ID"),
        new ClientMutant(Bug.NO_ACCEPT_HEADER, 15, "sends no Accept header"),
        new ClientMutant(Bug.RECONNECTS_AFTER_204, 16, "reconnects after 204"),
        new ClientMutant(Bug.RECONNECTS_AFTER_ERROR_STATUS, 17, "reconnects after a 404"),
        new ClientMutant(Bug.IGNORES_CONTENT_TYPE, 18, "reads a text/plain answer as a stream"),
        new ClientMutant(Bug.NO_REDIRECTS, 19, "does not follow redirects"),
        new ClientMutant(Bug.KEEPS_ID_AFTER_EMPTY_ID, 20, "keeps the old id after an empty id:"));
  }
}
