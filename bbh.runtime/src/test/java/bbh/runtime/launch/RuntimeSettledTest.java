package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RuntimeSettledTest {

    @Test
    void theBeginningStartLevelDefaultsToOne() {
        assertEquals(5, RuntimeSettled.beginningStartLevel("5"));
        assertEquals(5, RuntimeSettled.beginningStartLevel(" 5 "));
        assertEquals(1, RuntimeSettled.beginningStartLevel(null));
        assertEquals(1, RuntimeSettled.beginningStartLevel("many"));
        assertEquals(1, RuntimeSettled.beginningStartLevel("0"));
    }
}
