package io.lumina.ingestion.otlp;

import java.math.BigInteger;

/**
 * Decimal text (a JSON number, or the string OTLP JSON may carry a 64-bit integer in) to an exact
 * integer, with the size of the result bounded before anything is converted. {@code BigDecimal}
 * would expand {@code 1e50000000}, eleven characters, into a fifty-million-digit number first; here
 * the exponent is read as a small number and anything over 20 digits, more than any 64-bit value
 * has, is refused as out of range without being built.
 */
final class JsonNumbers {
  /** Longest text looked at: a JSON number token is already capped by the parser at 1000. */
  static final int MAX_LENGTH = 1000;

  /** Digits of the largest 64-bit value, 18446744073709551615. */
  private static final int MAX_DIGITS = 20;

  private JsonNumbers() {}

  /** Why a text is not an acceptable integer. */
  enum Problem {
    NOT_A_NUMBER,
    NOT_AN_INTEGER,
    OUT_OF_RANGE
  }

  static final class Refused extends Exception {
    private final Problem problem;

    Refused(Problem problem) {
      super(problem.name(), null, false, false);
      this.problem = problem;
    }

    Problem problem() {
      return problem;
    }
  }

  /**
   * The integer {@code text} denotes: {@code [+-] digits [. digits] [(e|E) [+-] digits]}, as JSON
   * and {@code BigDecimal} write numbers, whose value must be whole.
   *
   * @throws Refused when it is no number, not whole, or has more than 20 digits
   */
  static BigInteger integer(String text) throws Refused {
    int length = text.length();
    if (length == 0 || length > MAX_LENGTH) {
      throw new Refused(length == 0 ? Problem.NOT_A_NUMBER : Problem.OUT_OF_RANGE);
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      i++;
    }
    int intStart = i;
    while (i < length && isDigit(text.charAt(i))) {
      i++;
    }
    int intEnd = i;
    int fracStart = i;
    int fracEnd = i;
    if (i < length && text.charAt(i) == '.') {
      fracStart = ++i;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
      }
      fracEnd = i;
    }
    if (intEnd == intStart && fracEnd == fracStart) {
      throw new Refused(Problem.NOT_A_NUMBER);
    }
    long exponent = 0;
    if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < length && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
        negativeExponent = text.charAt(i) == '-';
        i++;
      }
      int expStart = i;
      while (i < length && isDigit(text.charAt(i))) {
        // saturates: past a billion the answer no longer depends on the exact exponent
        exponent = Math.min(1_000_000_000L, exponent * 10 + (text.charAt(i) - '0'));
        i++;
      }
      if (i == expStart) {
        throw new Refused(Problem.NOT_A_NUMBER);
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    if (i != length) {
      throw new Refused(Problem.NOT_A_NUMBER);
    }
    // All digits as one significand; the exponent then applies to its last digit.
    String digits = text.substring(intStart, intEnd) + text.substring(fracStart, fracEnd);
    exponent -= fracEnd - fracStart;
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    if (first == digits.length()) {
      return BigInteger.ZERO; // zero with any exponent
    }
    int last = digits.length();
    while (digits.charAt(last - 1) == '0') {
      last--;
      exponent++;
    }
    if (exponent < 0) {
      throw new Refused(Problem.NOT_AN_INTEGER); // a non-zero digit after the decimal point
    }
    if ((last - first) + exponent > MAX_DIGITS) {
      throw new Refused(Problem.OUT_OF_RANGE);
    }
    BigInteger value =
        new BigInteger(digits.substring(first, last)).multiply(BigInteger.TEN.pow((int) exponent));
    return negative ? value.negate() : value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
