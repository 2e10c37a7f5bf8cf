package dev.blogkit;

import java.util.ArrayList;
import java.util.List;
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
 * equality), runs the {@code @PreUpdate} rules of every changed entity, then updates each changed entity with one
 * UPDATE. An entity that did not change is not written; nothing the change did to a tracked entity is lost.
 */
final class StatelessChanges {

    private final StatelessSession session;
    private final SharedSessionContractImplementor implementor;
    private final List<Tracked> tracked = new ArrayList<>(2);

    private record Tracked(Object entity, EntityPersister persister, Object[] loadedState) {
    }

    /** Starts tracking {@code entities}, as they are now. */
    StatelessChanges(StatelessSession session, Object... entities) {
        this.session = session;
        this.implementor = (SharedSessionContractImplementor) session;
        SessionFactoryImplementor factory = implementor.getFactory();
        for (Object entity : entities) {
            EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(Hibernate.getClass(entity));
            tracked.add(new Tracked(entity, persister, copy(persister, persister.getValues(entity), factory)));
        }
    }

    /**
     * Checks the rules of every changed entity, then updates them. A broken rule throws before any UPDATE runs.
     */
    void write() {
        List<Object> changed = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            Object[] state = t.persister().getValues(t.entity());
            if (t.persister().findDirty(state, t.loadedState(), t.entity(), implementor) != null) {
                changed.add(t.entity());
            }
        }
        CallbackRegistry callbacks = HibernateBlogRepository.callbacks(session);
        for (Object entity : changed) {
            callbacks.preUpdate(entity);
        }
        for (Object entity : changed) {
            session.update(entity);
        }
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
}
