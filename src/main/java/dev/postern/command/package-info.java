/**
 * Typed command objects: the one door every adapter goes through. A {@link dev.postern.command.Command} has
 * a name, typed arguments, the options it reads from typed words (for ':' and key bindings, and from which
 * completion is drawn) and a typed {@link dev.postern.command.Result}; it runs against the controller's
 * interfaces and never prints. The picocli subcommands, the reader's keys and ':' prompt and the shell are
 * adapters over these objects; {@link dev.postern.command.Commands} is the one registration list.
 */
package dev.postern.command;
