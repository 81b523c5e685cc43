package dev.vigil.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Archives for in-server tests: the real, built Vigil WAR plus the test classes, so a test runs
 * against exactly what ships. The WAR's root context is dropped so the test app gets its own.
 */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive vigil(Class<?>... testClasses) {
        File built = new File(System.getProperty("vigil.test.war", "target/vigil.war"));
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, built);
        war.delete("/WEB-INF/ibm-web-ext.xml");
        return war.addClasses(testClasses);
    }
}
