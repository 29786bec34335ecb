/**
 * Typed command objects: the one door every adapter goes through. A {@link dev.postern.command.Command} acts on
 * mail: it has a name, typed arguments, the options it reads from typed words (for ':' and key bindings, and from
 * which completion is drawn) and a typed {@link dev.postern.command.Result}; it runs against the controller's
 * interfaces and never prints. A {@link dev.postern.command.ProcessCommand} has the same shape but acts on the
 * postern process (daemon, completion, complete, demo, shell) and runs against
 * {@link dev.postern.command.ProcessControl}, which the door hands in. The picocli subcommands, the reader's keys
 * and ':' prompt and the shell are adapters over these objects; {@link dev.postern.command.Commands} and its
 * sibling {@link dev.postern.command.ProcessCommands} are the registration lists.
 */
package dev.postern.command;
