package dev.ssekit.conformance.internal.mutants;

import java.util.function.Supplier;

/**
 * A broken hub: a correct hub behind a proxy that adds one realistic bug.
 *
 * @param name a short name
 * @param clause the clause whose check must FAIL
 * @param bug what the hub gets wrong, in a sentence
 * @param seed whether this is a difference from the seed hub listed in docs/PROTOCOL.md
 * @param mutation a fresh mutation per proxy (some keep state)
 */
public record ServerMutant(String name, int clause, String bug, boolean seed, Supplier<Mutation> mutation) {}
