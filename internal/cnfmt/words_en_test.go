package cnfmt

import "testing"

func TestAmountWordsEN(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "RMB Zero Yuan Only"},
		{5, "RMB Five Fen Only"},
		{50, "RMB Fifty Fen Only"},
		{100, "RMB One Yuan Only"},
		{1105, "RMB Eleven Yuan and Five Fen Only"},
		{1280000, "RMB Twelve Thousand Eight Hundred Yuan Only"},
		{140950, "RMB One Thousand Four Hundred Nine Yuan and Fifty Fen Only"},
		{10700053, "RMB One Hundred Seven Thousand Yuan and Fifty-Three Fen Only"},
		{100000500, "RMB One Million Five Yuan Only"},
		{2100000000, "RMB Twenty-One Million Yuan Only"},
		{100000000000, "RMB One Billion Yuan Only"},
		{MaxAmount, "RMB Nine Trillion Nine Hundred Ninety-Nine Billion Nine Hundred Ninety-Nine Million " +
			"Nine Hundred Ninety-Nine Thousand Nine Hundred Ninety-Nine Yuan and Ninety-Nine Fen Only"},
	}
	for _, tt := range tests {
		if got := AmountWordsEN(tt.a); got != tt.want {
			t.Errorf("AmountWordsEN(%s) = %q, want %q", tt.a, got, tt.want)
		}
	}
}
