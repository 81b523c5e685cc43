package dev.vigil.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The in-server tests' role binding (src/test/resources/arquillian-application-bnd.xml) is Vigil's
 * own from server.xml plus a run-as user for each of the admin, member and app roles, so the roles
 * the guarded beans are tested under are the ones Vigil ships.
 */
class RoleBindingTest {

    @Test
    void theTestBindingIsServerXmlsPlusTestRunAsUsers() throws Exception {
        Map<String, String> shipped = bindings(Path.of("../../server.xml"));
        Map<String, String> tested = bindings(Path.of("src/test/resources/arquillian-application-bnd.xml"));

        assertThat(shipped).containsOnlyKeys("admin", "member", "app", "system");
        assertThat(shipped.get("system")).isEqualTo("group:defaultRealm/system run-as vigil-system");
        assertThat(tested.keySet()).isEqualTo(shipped.keySet());
        shipped.forEach((role, binding) -> assertThat(tested.get(role)).startsWith(binding));
        assertThat(tested.get("admin")).endsWith("run-as vigil-test-admin");
    }

    /** Each security role of the file's application-bnd: its groups' access ids, then its run-as user. */
    private static Map<String, String> bindings(Path file) throws Exception {
        assertThat(file).exists();
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(file));
        Map<String, String> roles = new TreeMap<>();
        NodeList list = document.getElementsByTagName("security-role");
        for (int i = 0; i < list.getLength(); i++) {
            Element role = (Element) list.item(i);
            StringBuilder binding = new StringBuilder();
            NodeList groups = role.getElementsByTagName("group");
            for (int g = 0; g < groups.getLength(); g++) {
                binding.append(((Element) groups.item(g)).getAttribute("access-id"));
            }
            NodeList runAs = role.getElementsByTagName("run-as");
            if (runAs.getLength() > 0) {
                binding.append(" run-as ").append(((Element) runAs.item(0)).getAttribute("userid"));
            }
            roles.put(role.getAttribute("name"), binding.toString());
        }
        return roles;
    }
}
