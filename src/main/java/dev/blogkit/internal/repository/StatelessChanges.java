package dev.blogkit.internal.repository;

import dev.blogkit.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.Hibernate;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.jpa.event.spi.CallbackRegistry;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

/**
 * Writes the changes made to entities that a stateless session loaded, as a flush of a stateful session would:
 * the state of each entity is copied when it is tracked, and {@link #write} compares it with the state then, through
 * Hibernate's own dirty check ({@link EntityPersister#findDirty}, every mapped property with its type's notion of
 * equality), runs the {@code @PostLoad} rules of each tracked entity and the {@code @PreUpdate} rules of every
 * changed one, then updates each changed entity with one
 * UPDATE. An entity that did not change is not written; nothing the change did to a tracked entity is lost.
 */
final class StatelessChanges {

    private final StatelessSession session;
    private final SharedSessionContractImplementor implementor;
    private final List<Tracked> tracked = new ArrayList<>(2);

    /** An entity as it was loaded; a change to one that is not {@code writable} is refused. */
    private record Tracked(Object entity, EntityPersister persister, Object[] loadedState, boolean writable,
                           Supplier<String> refusal) {
    }

    /** Starts tracking {@code entity}, as it is now: the one a call may change. */
    StatelessChanges(StatelessSession session, Object entity) {
        this.session = session;
        this.implementor = (SharedSessionContractImplementor) session;
        track(entity, true, null);
    }

    /**
     * Also tracks {@code entity}, reached from the changed one, which the call must not change: {@link #write}
     * refuses a change to it with an {@link InvalidInputException} saying {@code refusal}, and writes nothing.
     */
    StatelessChanges readOnly(Object entity, Supplier<String> refusal) {
        track(entity, false, refusal);
        return this;
    }

    private void track(Object entity, boolean writable, Supplier<String> refusal) {
        // the @PostLoad rules a stateful session runs as it loads (Post remembers the slug the database held)
        callbacks(session).postLoad(entity);
        SessionFactoryImplementor factory = implementor.getFactory();
        EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(Hibernate.getClass(entity));
        tracked.add(new Tracked(entity, persister, copy(persister, persister.getValues(entity), factory), writable,
                refusal));
    }

    /**
     * Updates these entities (from {@link #changed}), each with its update time set to {@code now}; their
     * {@code @Version} gives each a new version.
     */
    void update(List<Object> changed, Instant now) {
        for (Object entity : changed) {
            touch(entity, now);
            session.update(entity);
        }
    }

    /**
     * The tracked entities that changed, after checking their rules ({@code @PreUpdate}); throws if one that must
     * not change did. Nothing is written.
     */
    List<Object> changed() {
        List<Object> changed = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            Object[] state = t.persister().getValues(t.entity());
            if (t.persister().findDirty(state, t.loadedState(), t.entity(), implementor) != null) {
                if (!t.writable()) {
                    throw new InvalidInputException("change", t.refusal().get());
                }
                changed.add(t.entity());
            }
        }
        CallbackRegistry callbacks = callbacks(session);
        for (Object entity : changed) {
            callbacks.preUpdate(entity);
        }
        return changed;
    }

    /** Sets the entity's {@code updatedAt}, which has no setter: only BlogKit sets it. */
    static void touch(SharedSessionContractImplementor session, Object entity, Instant now) {
        EntityPersister persister = session.getFactory().getMappingMetamodel()
                .getEntityDescriptor(Hibernate.getClass(entity));
        persister.setValue(entity, persister.getPropertyIndex("updatedAt"), now);
    }

    private void touch(Object entity, Instant now) {
        touch(implementor, entity, now);
    }

    /** A copy of an entity's state that later changes to the entity cannot reach (mutable values are copied). */
    private static Object[] copy(EntityPersister persister, Object[] values, SessionFactoryImplementor factory) {
        Type[] types = persister.getPropertyTypes();
        Object[] copy = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = types[i].deepCopy(values[i], factory);
        }
        return copy;
    }

    /** The registry of the entities' JPA callbacks, which a stateless session does not run by itself. */
    static CallbackRegistry callbacks(StatelessSession session) {
        return ((SharedSessionContractImplementor) session).getFactory().getEventEngine().getCallbackRegistry();
    }
}
