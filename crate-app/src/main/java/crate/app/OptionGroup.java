package crate.app;

/**
 * Options that several commands share (what picocli's mixins were): the group declares them
 * into a command's model, bound to the group's own fields.
 */
interface OptionGroup {
    void declareInto(CommandModel command);
}
