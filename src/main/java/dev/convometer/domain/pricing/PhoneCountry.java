package dev.convometer.domain.pricing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * P-COUNTRY: the customer's country from the WhatsApp id with libphonenumber (pinned: its metadata decides which
 * country a number belongs to, so a new version can change prices). Parsing runs libphonenumber's regular
 * expressions, which cost more than the rest of pricing together (a profile of replay), and a customer has many
 * items: the answers are remembered, up to {@link #REMEMBERED} numbers, then forgotten all at once, so that memory
 * stays bounded whatever the number of customers.
 */
public final class PhoneCountry {
    static final int REMEMBERED = 200_000;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Customer id to country, "" for none (the map takes no nulls). */
    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

    private PhoneCountry() {
    }

    /** The ISO 3166 alpha-2 country of {@code customerId}, or null (not digits, not parseable, no single country). */
    public static String of(String customerId) {
        if (customerId == null) {
            return null;
        }
        String known = KNOWN.get(customerId);
        if (known == null) {
            if (KNOWN.size() >= REMEMBERED) {
                KNOWN.clear();
            }
            String country = parse(customerId);
            known = country == null ? "" : country;
            KNOWN.put(customerId, known);
        }
        return known.isEmpty() ? null : known;
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
}
