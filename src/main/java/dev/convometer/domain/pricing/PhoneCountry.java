package dev.convometer.domain.pricing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * P-COUNTRY: the customer's country from the WhatsApp id with libphonenumber (pinned: its metadata decides which
 * country a number belongs to, so a new version can change prices). Parsing runs libphonenumber's regular
 * expressions, which cost more than the rest of pricing together (a profile of replay), and a customer has many
 * items: the answers are remembered ({@link Memo}), up to {@link #REMEMBERED} numbers, then forgotten all at once, so
 * that memory stays bounded whatever the number of customers.
 */
public final class PhoneCountry {
    static final int REMEMBERED = 200_000;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** The two-letter codes by {@link #index}; the last entry, null, is "no country". */
    private static final String[] COUNTRIES = new String[26 * 26 + 1];
    private static final int NONE = 26 * 26;

    static {
        for (int i = 0; i < NONE; i++) {
            COUNTRIES[i] = new String(new char[] {(char) ('A' + i / 26), (char) ('A' + i % 26)});
        }
    }

    private static volatile Memo memo = new Memo(REMEMBERED);

    private PhoneCountry() {
    }

    /** The ISO 3166 alpha-2 country of {@code customerId}, or null (not digits, not parseable, no single country). */
    public static String of(String customerId) {
        if (customerId == null) {
            return null;
        }
        long number = Memo.numberOf(customerId);
        if (number < 0) {
            return parse(customerId); // an id the memo cannot key: not digits, a leading zero or too long
        }
        Memo current = memo;
        int known = current.get(number);
        if (known < 0) {
            known = index(parse(customerId));
            if (!current.put(number, known)) {
                memo = new Memo(REMEMBERED);
            }
        }
        return COUNTRIES[known];
    }

    private static int index(String country) {
        return country == null ? NONE : (country.charAt(0) - 'A') * 26 + (country.charAt(1) - 'A');
    }

    private static String parse(String customerId) {
        String digits = customerId.startsWith("+") ? customerId.substring(1) : customerId;
        if (digits.isEmpty() || !asciiDigits(digits)) {
            return null;
        }
        PhoneNumber number;
        try {
            number = PHONES.parse("+" + digits, "ZZ");
        } catch (NumberParseException e) {
            return null;
        }
        String region = PHONES.getRegionCodeForNumber(number);
        if (region == null) {
            // a number no region claims (a fictional test number): the first region of its calling code
            region = PHONES.getRegionCodeForCountryCode(number.getCountryCode());
        }
        return twoLetters(region) ? region : null;
    }

    private static boolean asciiDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** "ZZ" (unknown) and "001" (non-geographic, such as +800) are not countries. */
    private static boolean twoLetters(String region) {
        return region != null && region.length() == 2 && !region.equals("ZZ")
                && region.charAt(0) >= 'A' && region.charAt(0) <= 'Z' && region.charAt(1) >= 'A' && region.charAt(1) <= 'Z';
    }

    /**
     * Countries by number, in one open-addressed table of longs: a number of up to 15 digits (E.164's longest) and the
     * country's index share one slot, so a lookup hashes no string and allocates nothing (a map of strings took a third
     * of P-COUNTRY's time in a profile, the parses included). Shared by every billing thread: a slot is claimed with a
     * compare-and-set and never changes after, so a reader sees a whole entry or none.
     */
    static final class Memo {
        private static final int INDEX_BITS = 10;

        private final AtomicLongArray slots;
        private final int mask;
        private final int capacity;
        private final AtomicInteger size = new AtomicInteger();

        Memo(int capacity) {
            this.capacity = capacity;
            int length = Integer.highestOneBit(Math.max(capacity, 1) * 2) * 2; // never more than half full: probes stay short
            this.slots = new AtomicLongArray(length);
            this.mask = length - 1;
        }

        /**
         * The number a customer id stands for, one leading {@code +} dropped: its digits as a long, or -1 when they are
         * not 1-15 ASCII digits or start with 0 (two ids with the same digits but for leading zeros would share it).
         */
        static long numberOf(String customerId) {
            int from = customerId.startsWith("+") ? 1 : 0;
            int length = customerId.length() - from;
            if (length < 1 || length > 15 || customerId.charAt(from) == '0') {
                return -1;
            }
            long number = 0;
            for (int i = from; i < customerId.length(); i++) {
                char c = customerId.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                number = number * 10 + (c - '0');
            }
            return number;
        }

        /** The country index remembered for {@code number}, or -1. */
        int get(long number) {
            long key = number + 1;
            for (int i = slot(number); ; i = (i + 1) & mask) {
                long entry = slots.get(i);
                if (entry == 0) {
                    return -1;
                }
                if (entry >>> INDEX_BITS == key) {
                    return (int) (entry & ((1 << INDEX_BITS) - 1));
                }
            }
        }

        /** Remembers {@code index} for {@code number}; false when the memo is full (it stays as it is). */
        boolean put(long number, int index) {
            if (size.get() >= capacity) {
                return false;
            }
            long key = number + 1;
            long entry = key << INDEX_BITS | index;
            for (int i = slot(number); ; i = (i + 1) & mask) {
                long existing = slots.get(i);
                if (existing == 0 && slots.compareAndSet(i, 0, entry)) {
                    size.incrementAndGet();
                    return true;
                }
                if (slots.get(i) >>> INDEX_BITS == key) {
                    return true; // another thread remembered it first
                }
            }
        }

        private int slot(long number) {
            return (int) ((number * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }
    }
}
