package io.outcry;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test class whose every test runs once on each {@link Engine}: the intake and the stores differ by engine, so
 * their tests extend this and start their nodes with {@code TestNode.fresh(engine)} or {@code freshConfig(engine)}.
 */
@ParameterizedClass
@EnumSource(Engine.class)
public abstract class OnEachEngine {
    /** The engine of this run. */
    @Parameter
    protected Engine engine;
}
