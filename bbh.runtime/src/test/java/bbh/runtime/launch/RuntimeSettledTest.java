package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeSettledTest {

    @Test
    void whileTheHighestLevelIsBeingStartedTheBundlesAreNotAllStarted() {
        assertFalse(RuntimeSettled.startLevelDone(3, 3, false));
        assertFalse(RuntimeSettled.startLevelDone(2, 3, true));
    }

    @Test
    void aFinishedChangeToTheHighestLevelOrALevelAboveItMeansAllStarted() {
        assertTrue(RuntimeSettled.startLevelDone(3, 3, true));
        assertTrue(RuntimeSettled.startLevelDone(5, 3, false));
    }
}
