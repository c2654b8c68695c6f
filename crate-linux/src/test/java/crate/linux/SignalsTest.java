package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({"TERM,15", "SIGTERM,15", "sigterm,15", "term,15", "15,15", "KILL,9", "9,9", "HUP,1", "USR1,10",
        "SIGUSR2,12", "CHLD,17", "WINCH,28", "SYS,31", "64,64", "RTMIN,34", "RTMIN+3,37", "SIGRTMAX,64", "RTMAX-2,62"})
    void parsesNamesAndNumbers(String text, int number) {
        assertEquals(Optional.of(number), Signals.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "65", "1000", "NOSUCH", "SIG", "RTMIN+31", "RTMAX+1", "RTMINx", "-9", "9.0"})
    void refusesWhatIsNoSignal(String text) {
        assertEquals(Optional.empty(), Signals.parse(text));
    }
}
