package crate.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's picocli model, declared in code: its name, description, options and parameters,
 * each bound to a field of the command by a lambda ({@link ValueBinding}).
 *
 * <p>Why not picocli's annotations: picocli reads them at run time through annotation
 * proxies, dynamic classes that the JDK's AOT cache cannot archive, so every start paid
 * ~6 ms for each (80-110 ms before a command's {@code call()}). Built this way, no
 * annotation is read and the model's classes all come from the cache.
 *
 * <p>The options are not reset between parses (they have no initial value for picocli): a
 * command object serves one command line, and its fields' initializers are the defaults.
 * picocli gives a repeated option's or the remaining parameters' values as one list.
 */
final class CommandModel {
    private final CommandSpec spec;
    private int position;

    private CommandModel(CommandSpec spec) {
        this.spec = spec;
    }

    /** The model of {@code command}, named {@code name}; the description's lines come first in its help. */
    static CommandModel of(String name, Object command, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
        return new CommandModel(spec);
    }

    /** Options in the help in the order they are declared, not sorted by name. */
    CommandModel declarationOrder() {
        spec.usageMessage().sortOptions(false);
        return this;
    }

    /** A flag without value: {@code names} as "-a, --all". */
    CommandModel flag(String names, String description, Consumer<Boolean> setter) {
        return add(optionBuilder(names, description, boolean.class, setter));
    }

    /** An option with a string value. */
    CommandModel option(String names, String label, String description, Consumer<String> setter) {
        return add(optionBuilder(names, description, String.class, setter).paramLabel(label));
    }

    /** An option with a value of {@code type} (int, Long, ...), which picocli's own converter checks. */
    <T> CommandModel option(String names, String label, String description, Class<T> type, Consumer<T> setter) {
        return add(optionBuilder(names, description, type, setter).paramLabel(label));
    }

    /** An option with a path value (converted here: picocli's Path converter is found by reflection). */
    CommandModel path(String names, String label, String description, Consumer<Path> setter) {
        return add(optionBuilder(names, description, Path.class, setter).paramLabel(label).converters(Path::of));
    }

    /** An option that may be repeated: {@code setter} gets the list of its values (once, at the first one). */
    CommandModel list(String names, String label, String description, Consumer<List<String>> setter) {
        return add(listOption(names, label, description, String.class, setter));
    }

    /** An option that may be repeated, its values of {@code type}, to be given more of picocli's builder and then {@link #add}ed. */
    static <T> OptionSpec.Builder listOption(String names, String label, String description, Class<T> type,
            Consumer<List<T>> setter) {
        ValueBinding<List<T>> binding = new ValueBinding<>(setter);
        return OptionSpec.builder(names.split(", ", -1)).description(lines(description)).paramLabel(label)
                .type(List.class).auxiliaryTypes(type).hasInitialValue(false).getter(binding).setter(binding);
    }

    /** An option that needs more of picocli's builder (arity, split, fallback): from {@link #optionBuilder} or {@link #listOption}. */
    CommandModel add(OptionSpec.Builder option) {
        spec.addOption(option.build());
        return this;
    }

    /** The options of a group, at this point of the declaration. */
    CommandModel with(OptionGroup group) {
        group.declareInto(this);
        return this;
    }

    /** The next positional parameter: exactly one value, no description (an ID). */
    CommandModel parameter(String label, Consumer<String> setter) {
        return parameter(label, null, "1", setter);
    }

    /** The next positional parameter: exactly one value. */
    CommandModel parameter(String label, String description, Consumer<String> setter) {
        return parameter(label, description, "1", setter);
    }

    /** The next positional parameter, with {@code arity} "1" or "0..1". */
    CommandModel parameter(String label, String description, String arity, Consumer<String> setter) {
        return positional(Integer.toString(position++), label, description, arity, String.class, setter);
    }

    /** The remaining positional parameters, {@code arity} "0..*" or "1..*": {@code setter} gets their list. */
    CommandModel parameters(String label, String description, String arity, Consumer<List<String>> setter) {
        return positional(position + "..*", label, description, arity, List.class, setter);
    }

    private <T> CommandModel positional(String index, String label, String description, String arity, Class<?> type,
            Consumer<T> setter) {
        ValueBinding<T> binding = new ValueBinding<>(setter);
        PositionalParamSpec.Builder parameter = PositionalParamSpec.builder().index(index).paramLabel(label)
                .description(lines(description)).arity(arity).required(!arity.startsWith("0")).type(type)
                .hasInitialValue(false).getter(binding).setter(binding);
        if (type == List.class) {
            parameter.auxiliaryTypes(String.class);
        }
        spec.addPositional(parameter.build());
        return this;
    }

    /**
     * The model, with -h/--help and -V/--version last, as picocli's
     * {@code mixinStandardHelpOptions} adds them (which would read its own annotated class).
     */
    CommandSpec spec() {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.")
                .type(boolean.class).build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").type(boolean.class).build());
        return spec;
    }

    /**
     * An option with a value of {@code type}, to be given more of picocli's builder and then
     * {@link #add}ed. Its arity is left to picocli (from the type), as an annotation's was:
     * a flag given one then still accepts {@code --debug=true}.
     */
    static <T> OptionSpec.Builder optionBuilder(String names, String description, Class<T> type, Consumer<T> setter) {
        ValueBinding<T> binding = new ValueBinding<>(setter);
        return OptionSpec.builder(names.split(", ", -1)).description(lines(description)).type(type)
                .hasInitialValue(false).getter(binding).setter(binding);
    }

    /** A description of one line; none for null. */
    private static String[] lines(String description) {
        return description == null ? new String[0] : new String[] {description};
    }
}
