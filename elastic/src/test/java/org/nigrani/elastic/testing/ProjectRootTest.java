package org.nigrani.elastic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Finding the project root from the system property or the working directory. */
class ProjectRootTest {

    @Test
    void findsTheFolderWithTheParentPom() {
        Path root = ProjectRoot.find();

        assertThat(root.resolve("pom.xml")).content().contains("<module>elastic</module>");
        assertThat(root.resolve("elastic/pom.xml")).exists();
    }

    @Test
    void goesUpWhenThePropertyPointsIntoAModule() {
        Path root = ProjectRoot.find();
        String before = System.getProperty(ProjectRoot.PROPERTY);
        try {
            System.setProperty(ProjectRoot.PROPERTY, root.resolve("elastic").toString());
            assertThat(ProjectRoot.find()).isEqualTo(root);
        } finally {
            if (before == null) {
                System.clearProperty(ProjectRoot.PROPERTY);
            } else {
                System.setProperty(ProjectRoot.PROPERTY, before);
            }
        }
    }
}
