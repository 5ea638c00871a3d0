package cnfmt_test

import (
	"fmt"

	"github.com/kesuhq/kesu/internal/cnfmt"
)

func ExampleUpper() {
	a, err := cnfmt.ParseAmount("107000.53")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Figures())
	fmt.Println(cnfmt.Upper(a, cnfmt.StyleFull))
	fmt.Println(cnfmt.Upper(a, cnfmt.StyleMinimal))
	fmt.Println(cnfmt.AmountWordsEN(a))
	// Output:
	// ¥107,000.53
	// 人民币壹拾万零柒仟元零伍角叁分
	// 人民币壹拾万柒仟元伍角叁分
	// RMB One Hundred Seven Thousand Yuan and Fifty-Three Fen Only
}

func ExampleParseAmount() {
	_, err := cnfmt.ParseAmount("12.345")
	fmt.Println(err)
	// Output: amount "12.345" has 3 decimals; at most 2 are allowed (CNY 分)
}

func ExampleDateTime() {
	s, _ := cnfmt.DateTime("2026-11-03T10:20:00+08:00")
	fmt.Println(s)
	d, _ := cnfmt.Date("2026-11-05")
	fmt.Println(d)
	// Output:
	// 2026年11月3日 10:20
	// 2026年11月5日
}

func ExampleCopies() {
	fmt.Println("本协议" + cnfmt.Copies(3) + "，第" + cnfmt.Numeral(12) + "条")
	// Output: 本协议一式三份，第十二条
}

func ExampleMaskPhone() {
	fmt.Println(cnfmt.MaskPhone("13812345678"), cnfmt.MaskID("310115199001011234"), cnfmt.MaskName("张晓堃"))
	// Output: 138****5678 310115********1234 张**
}
