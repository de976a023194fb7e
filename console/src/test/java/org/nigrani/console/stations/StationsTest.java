package org.nigrani.console.stations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nigrani.elastic.testing.ProjectRoot;

class StationsTest {

    private final Stations directory = Stations.load(ProjectRoot.find().resolve("config/stations.yaml"));

    @Test
    void wallsNameStationsOfTheDirectory() {
        assertThat(directory.parseIds(" khi-preedy, khi-sohrab-goth ,,")).containsExactly("khi-preedy", "khi-sohrab-goth");
        assertThat(directory.parseIds("")).isEmpty();
        assertThat(directory.parseIds(null)).isEmpty();
        assertThatThrownBy(() -> directory.parseIds("khi-preedy, khi-nowhere, <b>"))
                .hasMessage("not in the station directory: khi-nowhere, <b>");
    }

    @Test
    void withoutADirectoryIdsAreCheckedForFormOnly() {
        assertThat(Stations.none().parseIds("anything-goes-1")).containsExactly("anything-goes-1");
        assertThatThrownBy(() -> Stations.none().parseIds("Not An Id")).hasMessageContaining("Not An Id");
        assertThat(Stations.none().name("khi-preedy")).isEqualTo("khi-preedy");
    }

    @Test
    void namesCarryTheirCity() {
        assertThat(directory.name("khi-preedy")).isEqualTo("Preedy, Karachi");
        assertThat(directory.name("not-known")).isEqualTo("not-known");
    }
}
