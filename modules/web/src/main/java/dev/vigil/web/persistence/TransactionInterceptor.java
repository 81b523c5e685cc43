package dev.vigil.web.persistence;

import dev.vigil.kernel.api.Transactional;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Transactional} on Liberty's transaction manager: joins, begins or suspends as the method's
 * type says. Any throwable rolls back the transaction it ran in (a joined one is marked
 * rollback-only, and its owner rolls back) and is rethrown unchanged, so the exception mapper sees
 * what the method threw and nothing writes an FFDC incident for a refusal. A commit that fails is
 * thrown as {@link CommitFailed} with the container's exception as its cause, so a database that
 * went away while committing is still answered {@code 503}. Runs where Jakarta's
 * {@code @Transactional} would, outside Vigil's own interceptors (the idempotency claim runs inside).
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class TransactionInterceptor {

    /** The type of each intercepted method of each bean class; as many entries as there are such methods. */
    private static final Map<Target, Transactional.Type> TYPES = new ConcurrentHashMap<>();

    private record Target(Class<?> bean, Method method) {
    }

    @Resource(lookup = "java:comp/TransactionManager")
    TransactionManager transactions;

    @AroundInvoke
    Object inTransaction(InvocationContext invocation) throws Exception {
        boolean active = transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
        Class<?> bean = invocation.getTarget() == null ? invocation.getMethod().getDeclaringClass()
                : invocation.getTarget().getClass();
        return switch (TYPES.computeIfAbsent(new Target(bean, invocation.getMethod()), TransactionInterceptor::typeOf)) {
            case REQUIRED -> active ? joined(invocation) : owned(invocation);
            case MANDATORY -> {
                if (!active) {
                    throw new IllegalStateException(invocation.getMethod() + " must run in a caller's transaction");
                }
                yield joined(invocation);
            }
            case REQUIRES_NEW -> active ? suspending(invocation) : owned(invocation);
        };
    }

    private Object joined(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Throwable failure) {
            try {
                transactions.setRollbackOnly();
            } catch (Exception | Error e) {
                failure.addSuppressed(e); // already rolled back (a timeout): the method's own failure counts
            }
            throw failure;
        }
    }

    private Object owned(InvocationContext invocation) throws Exception {
        transactions.begin();
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            try {
                transactions.rollback();
            } catch (Exception | Error e) {
                failure.addSuppressed(e);
            } finally {
                detachLeftover(failure);
            }
            throw failure;
        }
        try {
            if (transactions.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                // A joined method failed and this one went on: nothing of the transaction may stay.
                transactions.rollback();
                throw new CommitFailed("the transaction was marked rollback-only by a method it called", null);
            }
            transactions.commit();
        } catch (CommitFailed e) {
            throw e;
        } catch (Exception e) {
            CommitFailed failed = new CommitFailed("the transaction could not commit", e);
            detachLeftover(failed);
            throw failed;
        }
        return result;
    }

    private Object suspending(InvocationContext invocation) throws Exception {
        Transaction caller = transactions.suspend();
        try {
            return owned(invocation);
        } finally {
            transactions.resume(caller);
        }
    }

    /**
     * A transaction that neither committed nor rolled back still sits on the thread: detached, so
     * the caller's suspended one can be resumed and the next request on this pooled thread does not
     * join it (it ends by its timeout).
     */
    private void detachLeftover(Throwable failure) {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transactions.suspend();
            }
        } catch (Exception | Error e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The annotation on the method as the bean class declares it (the invoked method may be an
     * interface's, such as {@code AuditTrail.record}), else on the bean class or a superclass.
     */
    private static Transactional.Type typeOf(Target target) {
        for (Class<?> c = target.bean(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Transactional onMethod = c.getDeclaredMethod(target.method().getName(),
                        target.method().getParameterTypes()).getAnnotation(Transactional.class);
                if (onMethod != null) {
                    return onMethod.value();
                }
            } catch (NoSuchMethodException e) {
                // not declared here: look further up
            }
        }
        Transactional onMethod = target.method().getAnnotation(Transactional.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        for (Class<?> c = target.bean(); c != null && c != Object.class; c = c.getSuperclass()) {
            Transactional onClass = c.getAnnotation(Transactional.class);
            if (onClass != null) {
                return onClass.value();
            }
        }
        return Transactional.Type.REQUIRED;
    }

    /** The method returned, but its transaction did not commit: nothing it wrote is stored. */
    public static final class CommitFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommitFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
