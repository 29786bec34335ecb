/**
 * Typed command objects: the one door every adapter goes through. A {@link dev.postern.command.TypedCommand} has
 * a name, typed arguments, the options and operands it reads from typed words (for ':' and key bindings, and from
 * which completion is drawn) and a typed {@link dev.postern.command.Result}; it never prints. A
 * {@link dev.postern.command.Command} acts on mail and runs against the controller's interfaces; a
 * {@link dev.postern.command.ProcessCommand} acts on the postern process (daemon, completion, complete, demo,
 * shell) and runs against {@link dev.postern.command.ProcessControl}, which the door hands in. The picocli
 * subcommands, the reader's keys and ':' prompt and the shell are adapters over these objects;
 * {@link dev.postern.command.Commands} is the one registration list.
 */
package dev.postern.command;
