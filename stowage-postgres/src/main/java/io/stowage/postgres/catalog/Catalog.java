package io.stowage.postgres.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything read from one database: the dumpable objects in reading order, and where each catalog
 * row (including sub-objects such as column defaults and a view's ON SELECT rule) maps onto them.
 */
public final class Catalog {
    private final List<DumpObject> objects = new ArrayList<>();
    private final Map<CatalogId, DumpObject> byId = new HashMap<>();

    /** Adds an object and maps its own catalog id to it. */
    public DumpObject add(DumpObject object) {
        objects.add(object);
        if (object.id() != null) {
            byId.put(object.id(), object);
        }
        return object;
    }

    /** Maps another catalog row (a sub-object) onto an object. */
    public void alias(CatalogId id, DumpObject object) {
        byId.put(id, object);
    }

    public DumpObject find(CatalogId id) {
        return byId.get(id);
    }

    public DumpObject find(String catalog, long oid) {
        return byId.get(new CatalogId(catalog, oid));
    }

    public List<DumpObject> objects() {
        return objects;
    }

    /** Removes an object that was merged into another. */
    public void remove(DumpObject object) {
        objects.remove(object);
    }
}
