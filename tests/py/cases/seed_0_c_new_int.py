 int *a;   p = new int;   
