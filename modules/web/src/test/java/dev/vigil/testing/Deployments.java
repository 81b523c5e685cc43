package dev.vigil.testing;

import dev.vigil.testing.callers.AsAdmin;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Archives for in-server tests: the real, built Vigil WAR plus the test classes, so a test runs
 * against exactly what ships. The WAR's root context is dropped so the test app gets its own.
 *
 * <p>Every archive also carries the role callers of {@code dev.vigil.testing.callers}; their run-as
 * users are bound by src/test/resources/arquillian-application-bnd.xml, which the Arquillian
 * container writes into the application's server.xml entry.
 */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive vigil(Class<?>... testClasses) {
        File built = new File(System.getProperty("vigil.test.war", "target/vigil.war"));
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, built);
        war.delete("/WEB-INF/ibm-web-ext.xml");
        war.addPackage(AsAdmin.class.getPackage());
        return war.addClasses(testClasses);
    }
}
