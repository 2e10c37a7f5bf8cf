package dev.blogkit.internal.repository;

import org.hibernate.Hibernate;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Gives an entity its id before its INSERT, from its own generator (model.AllocatedIdGenerator, which accepts an
 * assigned id): for rows that must be known by id before they are written (a bulk batch, a post's slug claim).
 */
final class EntityIds {

    private EntityIds() {
    }

    /** Assigns the entity's id and returns it. */
    static long assign(StatelessSession session, Object entity) {
        SharedSessionContractImplementor implementor = (SharedSessionContractImplementor) session;
        return assign(implementor, implementor.getFactory().getMappingMetamodel()
                .getEntityDescriptor(Hibernate.getClass(entity)), entity);
    }

    /** Assigns the id of an entity of {@code persister}'s (a bulk call looks the persister up once) and returns it. */
    static long assign(SharedSessionContractImplementor session, EntityPersister persister, Object entity) {
        Object id = ((BeforeExecutionGenerator) persister.getGenerator()).generate(session, entity, null, EventType.INSERT);
        persister.setIdentifier(entity, id, session);
        return ((Number) id).longValue();
    }
}
