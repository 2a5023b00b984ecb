package dev.crmoutbound.app;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** The beans the setups before this one bound, by name; a missing one is a wiring mistake, said plainly. */
final class Beans {

    private final Registry registry;

    Beans(CamelContext context) {
        this.registry = context.getRegistry();
    }

    <T> T get(String name, Class<T> type) {
        T bean = registry.lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " (" + type.getSimpleName() + ") is bound: the setup "
                    + "that binds it must run before this one");
        }
        return bean;
    }

    void bind(String name, Object bean) {
        registry.bind(name, bean);
    }
}
