package bbh.vmspawn;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type (an annotation such as {@link VmspawnBackend.Config}) over a map of
 * configuration properties, as Declarative Services hands it to {@code @Activate}: a method returns
 * its property, converted from a string where the method returns a boolean, else its default. So a
 * plain test configures a component through its real configuration method. Only names without
 * {@code _} or {@code $} (which DS maps to {@code .} and other characters) are supported.
 */
final class ComponentProperties {
    private ComponentProperties() {}

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        for (String key : properties.keySet()) {
            try {
                type.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no property '" + key + "'", e);
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object value = properties.get(method.getName());
            if (value == null) {
                return method.getDefaultValue();
            }
            if (method.getReturnType() == boolean.class && value instanceof String s) {
                return Boolean.parseBoolean(s);
            }
            return value;
        });
        return type.cast(proxy);
    }
}
