package crate.app;

import java.util.function.Consumer;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/**
 * Where picocli puts a parsed value: a lambda into the command's field. picocli binds an
 * annotated field by reflection; a lambda is linked once and kept in the AOT cache.
 *
 * <p>picocli reads back what it set: a repeated option's values go into the collection it
 * created at the first one. So the binding keeps the last value, as picocli's own
 * {@code ObjectBinding} does, and the field gets the same object.
 */
final class ValueBinding<T> implements IGetter, ISetter {
    private final Consumer<T> setter;
    private T value;

    ValueBinding(Consumer<T> setter) {
        this.setter = setter;
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli's IGetter is declared so
    public <V> V get() {
        return (V) value;
    }

    @Override
    @SuppressWarnings("unchecked") // picocli sets values of the option's type, which T is
    public <V> V set(V newValue) {
        V old = get();
        value = (T) newValue;
        setter.accept(value);
        return old;
    }
}
