package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nigrani.jobs.testing.Jobs;
import org.nigrani.nlp.station.StationDirectory;

class PersonNamesTest {

    private final PersonNames names = PersonNames.of(StationDirectory.load(Jobs.enrichSettings().stationsPath()));

    @Test
    void fullNamesAndCuedNamesAreMasked() {
        assertThat(names.mask("Constable Asif Khan slapped my brother Bilal at Sohrab Goth thana"))
                .isEqualTo("Constable [name] slapped my brother [name] at Sohrab Goth thana");
        assertThat(names.mask("Mr. Raza and Bilal Ahmed Siddiqui were held at Hatri police station"))
                .isEqualTo("Mr. [name] and [name] were held at Hatri police station");
        assertThat(names.mask("mera bhai Imran ko SHO ne maara")).isEqualTo("mera bhai [name] ko SHO ne maara");
    }

    @Test
    void placesPoliceWordsAndAcronymsStay() {
        String text = "Breaking News: SITE Super Highway police beat Afghan families in Karachi. Shame Sindh Police! FIR now";
        assertThat(names.mask(text)).isEqualTo(text);
        assertThat(names.mask("Yesterday police took money")).isEqualTo("Yesterday police took money");
    }

    @Test
    void urduScriptIsLeftAsIs() {
        String urdu = "پولیس نے میرے بھائی بلال کو مارا";
        assertThat(names.mask(urdu)).isEqualTo(urdu);
    }

    @Test
    void withoutTheDirectoryStationNamesMayBeMaskedToo() {
        assertThat(PersonNames.common().mask("held at Sohrab Goth")).isEqualTo("held at Sohrab Goth");
        assertThat(PersonNames.common().mask("held at Gulistan Jauhar")).isEqualTo("held at [name]");
    }

    @Test
    void onlyTheExcerptPolicyMasksNames() {
        String title = "SHO beat my brother Bilal Ahmed @bilal_a";
        AlertEmail excerpt = new AlertEmail(new AlertEmail.Settings("a@b.example", "https://c.example", "excerpt"),
                AlertFixtures.CLOCK, names);
        AlertEmail full = new AlertEmail(new AlertEmail.Settings("a@b.example", "https://c.example", "full"),
                AlertFixtures.CLOCK, names);
        assertThat(excerpt.quote(title)).isEqualTo("SHO beat my brother [name] @[handle]");
        assertThat(full.quote(title)).isEqualTo("SHO beat my brother Bilal Ahmed @[handle]");
    }
}
