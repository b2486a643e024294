package io.github.unode.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.unode.core.DataFormatException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON form of immutable records, for recipes: every record component is written in
 * declaration order (so the text is canonical and can be hashed), and reading demands every
 * component and nothing else, so that a misspelt or missing key is an error that names it rather
 * than a silent default. A component whose type is a sealed interface is written as an object
 * with a {@code "kind"} naming the record that implements it (its simple name).
 *
 * <p>Supported component types: {@code int}, {@code long}, {@code float}, {@code double},
 * {@code boolean} (and their boxes, which may be {@code null}), {@link String}, enums, records,
 * sealed interfaces of records, {@code List<String>} and {@code Map<String, Double>}. Values are
 * validated by the records' own constructors.
 */
public final class RecordJson {
    private RecordJson() {}

    /**
     * On an {@code int} record component added after recipes were first written: the component is
     * left out of the JSON when it has this value, and takes it when its key is absent. A recipe
     * that does not use the new setting keeps its text, and so its fingerprint, and an older
     * reader refuses one that does, naming the key it does not know.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
    public @interface OmittedAt {
        /** The value that is not written, and that an absent key reads as. */
        int value();
    }

    /** The JSON form of {@code value}, a record. */
    public static JsonObject write(Record value) {
        JsonObject o = new JsonObject();
        if (value.getClass().getInterfaces().length > 0 && value.getClass().getInterfaces()[0].isSealed()) {
            o.addProperty("kind", value.getClass().getSimpleName());
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + value.getClass(), e);
            }
            OmittedAt omitted = c.getAnnotation(OmittedAt.class);
            if (omitted != null && v instanceof Integer i && i == omitted.value()) {
                continue;
            }
            o.add(c.getName(), element(v));
        }
        return o;
    }

    private static JsonElement element(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        } else if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (v instanceof Number n) {
            return new JsonPrimitive(n);
        } else if (v instanceof String s) {
            return new JsonPrimitive(s);
        } else if (v instanceof Enum<?> e) {
            return new JsonPrimitive(e.name());
        } else if (v instanceof Record r) {
            return write(r);
        } else if (v instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(element(x)));
            return a;
        } else if (v instanceof Map<?, ?> map) {
            JsonObject m = new JsonObject();
            new java.util.TreeMap<>(map).forEach((k, x) -> m.add(String.valueOf(k), element(x)));
            return m;
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass());
    }

    /**
     * Reads a record of type {@code type} (a record class or a sealed interface of records) from
     * {@code json}; {@code path} names the object in messages (e.g. {@code "recipe.loss"}).
     *
     * @throws DataFormatException naming the key when one is missing, unknown or of the wrong type,
     *     and with the record's own message when a value is refused
     */
    public static <T> T read(JsonElement json, Class<T> type, String path) {
        return type.cast(value(json, type, type, path));
    }

    private static Object record(JsonElement json, Class<?> type, String path) {
        if (json == null || !json.isJsonObject()) {
            throw new DataFormatException(path + " must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        Class<?> cls = type;
        if (type.isInterface()) {
            if (!type.isSealed()) {
                throw new IllegalArgumentException(type + " is neither a record nor a sealed interface");
            }
            JsonElement kind = o.get("kind");
            List<String> kinds = new ArrayList<>();
            cls = null;
            for (Class<?> k : type.getPermittedSubclasses()) {
                kinds.add(k.getSimpleName());
                if (kind != null && kind.isJsonPrimitive() && k.getSimpleName().equals(kind.getAsString())) {
                    cls = k;
                }
            }
            if (cls == null) {
                throw new DataFormatException(path + ".kind must be one of " + kinds + ", got " + kind);
            }
        }
        if (!cls.isRecord()) {
            throw new IllegalArgumentException(cls + " is not a record");
        }
        RecordComponent[] cs = cls.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : cs) {
            byName.put(c.getName(), c);
        }
        for (String key : o.keySet()) {
            if (!byName.containsKey(key) && !(type.isInterface() && key.equals("kind"))) {
                throw new DataFormatException(path + " has an unknown key '" + key + "'; its keys are "
                        + byName.keySet());
            }
        }
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            RecordComponent c = cs[i];
            types[i] = c.getType();
            OmittedAt omitted = c.getAnnotation(OmittedAt.class);
            if (!o.has(c.getName()) && omitted != null) {
                args[i] = omitted.value();
                continue;
            }
            if (!o.has(c.getName())) {
                throw new DataFormatException(path + " lacks '" + c.getName() + "'");
            }
            args[i] = value(o.get(c.getName()), c.getType(), c.getGenericType(), path + "." + c.getName());
        }
        try {
            Constructor<?> k = cls.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new DataFormatException(path + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + cls, e);
        }
    }

    private static Object value(JsonElement e, Class<?> type, Type generic, String path) {
        if (e == null || e.isJsonNull()) {
            if (type.isPrimitive()) {
                throw new DataFormatException(path + " must not be null");
            }
            return null;
        }
        try {
            if (type == int.class || type == Integer.class) {
                return exactInt(e, path);
            } else if (type == long.class || type == Long.class) {
                return number(e, path).getAsBigDecimal().longValueExact();
            } else if (type == float.class || type == Float.class) {
                return number(e, path).getAsFloat();
            } else if (type == double.class || type == Double.class) {
                return number(e, path).getAsDouble();
            } else if (type == boolean.class || type == Boolean.class) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                    throw new DataFormatException(path + " must be true or false, got " + e);
                }
                return e.getAsBoolean();
            } else if (type == String.class) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new DataFormatException(path + " must be a string, got " + e);
                }
                return e.getAsString();
            } else if (type.isEnum()) {
                String name = e.isJsonPrimitive() ? e.getAsString() : String.valueOf(e);
                for (Object c : type.getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(name)) {
                        return c;
                    }
                }
                throw new DataFormatException(path + " must be one of " + List.of(type.getEnumConstants())
                        + ", got " + e);
            } else if (type.isRecord() || type.isInterface() && type.isSealed()) {
                return record(e, type, path);
            } else if (type == List.class) {
                if (!e.isJsonArray()) {
                    throw new DataFormatException(path + " must be a JSON array, got " + e);
                }
                Class<?> item = typeArgument(generic, 0);
                List<Object> out = new ArrayList<>();
                JsonArray a = e.getAsJsonArray();
                for (int i = 0; i < a.size(); i++) {
                    out.add(value(a.get(i), item, item, path + "[" + i + "]"));
                }
                return List.copyOf(out);
            } else if (type == Map.class) {
                if (!e.isJsonObject()) {
                    throw new DataFormatException(path + " must be a JSON object, got " + e);
                }
                Class<?> item = typeArgument(generic, 1);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) {
                    out.put(x.getKey(), value(x.getValue(), item, item, path + "." + x.getKey()));
                }
                return out;
            }
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new DataFormatException(path + " is not a valid number for its type: " + e, ex);
        }
        throw new IllegalArgumentException("no JSON form for " + type + " at " + path);
    }

    private static int exactInt(JsonElement e, String path) {
        return number(e, path).getAsBigDecimal().intValueExact();
    }

    private static JsonPrimitive number(JsonElement e, String path) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new DataFormatException(path + " must be a number, got " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private static Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[index] instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException("a list or map component needs a concrete type argument: " + generic);
    }
}
