package dev.blogkit.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hibernate.annotations.IdGeneratorType;

/** An id that {@link AllocatedIdGenerator} hands out before the insert, so that inserts can be batched. */
@IdGeneratorType(AllocatedIdGenerator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface AllocatedId {
}
